// Types of the record checks the tests call (sharedRecords.js is plain JavaScript, checked with JSDoc).
export function isSpanRecord(value: unknown, annotatorAllowed: (annotator: string) => boolean): boolean;
export function isDocumentRecord(value: unknown): boolean;
export function isLabelFieldRecord(value: unknown): boolean;
