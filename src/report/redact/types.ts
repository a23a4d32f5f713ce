/** The redaction map's shapes, shared by the redactor and its helpers. */

/** `name`: an IIS site or certificate friendly name; `file`: a bundle file name (fleet). */
export type RedactionKind =
  'host' | 'ip' | 'user' | 'org' | 'email' | 'thumbprint' | 'name' | 'file';

export interface RedactionEntry {
  token: string;
  kind: RedactionKind;
  original: string;
}

export interface RedactionMap {
  schemaVersion: 1;
  note: string;
  entries: RedactionEntry[];
}
