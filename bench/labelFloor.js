// label_ratio's floor, installed in the app page beside pageProbes.js (self-contained for the same
// reason): a key press → a bare IndexedDB put of one span row → a trivial DOM change → the end of
// the first frame that shows it.

export function installLabelFloor() {
  /** A second connection to the app's database, for the label floor's bare puts. */
  let floorDatabase = null;
  let floorTemplate = null;
  const floorIds = [];

  function openFloorDatabase() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('spanwright');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        floorDatabase = request.result;
        const read = floorDatabase.transaction('spans').objectStore('spans').openCursor();
        read.onerror = () => reject(read.error);
        read.onsuccess = () => {
          if (!read.result) return reject(new Error('no span row to copy for the label floor'));
          floorTemplate = read.result.value;
          resolve(true);
        };
      };
    });
  }

  /**
   * The floor under label_ratio, armed for one key press (kept from the app): the key → a bare
   * IndexedDB put of one span row into the app's spans table (a stored row copied under a new id)
   * → a trivial DOM change (a 1-pixel element) → the end of the first frame that shows it (the
   * same stamps as a label). The app does not see the key or the row (Dexie observes its own writes).
   */
  function armPutFloor({ key }) {
    window.__benchResult = new Promise((resolve, reject) => {
      const onKey = (event) => {
        if (event.key !== key) return;
        event.stopImmediatePropagation();
        event.preventDefault();
        window.removeEventListener('keydown', onKey, true);
        const pressed = performance.now();
        const id = `bench-floor-${floorIds.length}`;
        floorIds.push(id);
        const transaction = floorDatabase.transaction('spans', 'readwrite');
        transaction.objectStore('spans').put({ ...floorTemplate, id, documentId: 'bench-floor' });
        transaction.onerror = () => reject(transaction.error);
        transaction.oncomplete = () => {
          const marker = document.createElement('div');
          marker.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 1px; pointer-events: none;';
          document.body.append(marker);
          void window.__bench.paintStamps().then(({ painted, nextPaint }) => {
            marker.remove();
            resolve({ ms: painted - pressed, nextPaintMs: nextPaint - pressed });
          });
        };
      };
      window.addEventListener('keydown', onKey, true);
    });
  }

  /** Deletes the label floor's rows and closes its connection. */
  function closeFloorDatabase() {
    return new Promise((resolve, reject) => {
      const transaction = floorDatabase.transaction('spans', 'readwrite');
      for (const id of floorIds.splice(0)) transaction.objectStore('spans').delete(id);
      transaction.onerror = () => reject(transaction.error);
      transaction.oncomplete = () => {
        floorDatabase.close();
        floorDatabase = null;
        resolve(true);
      };
    });
  }

  window.__benchFloor = { open: openFloorDatabase, arm: armPutFloor, close: closeFloorDatabase };
}
