/**
 * One annotator's layer of one document, named as a single string for maps and sets. JSON keeps
 * the two parts apart whatever characters an id or a name holds (a separator character could be
 * part of an id).
 */

export interface LayerId {
  documentId: string;
  annotator: string;
}

/** The key of the layer of `annotator` on `documentId`. */
export function layerKey(documentId: string, annotator: string): string {
  return JSON.stringify([documentId, annotator]);
}

/** The layer a {@link layerKey} names. */
export function parseLayerKey(key: string): LayerId {
  const [documentId, annotator] = JSON.parse(key) as [string, string];
  return { documentId, annotator };
}
