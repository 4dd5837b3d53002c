/**
 * Where this device's preferences (the theme, how character keys act) are kept: localStorage where
 * the browser allows it, nothing where it refuses (the choice then holds for the page only).
 */
export { localStore as deviceStorage } from '../storage/localStore';
