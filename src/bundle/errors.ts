/** Errors that refuse a whole input. The CLI maps them to exit code 2. */
export type BundleErrorCode =
  | 'input-not-found'
  | 'input-unreadable'
  | 'not-a-zip'
  | 'archive-too-large'
  | 'too-many-entries'
  | 'entry-too-large'
  | 'total-too-large'
  | 'suspicious-ratio'
  | 'unsafe-entry-name'
  | 'encrypted-entry'
  | 'corrupt-archive'
  | 'unsupported-compression'
  | 'several-bundles'
  | 'several-hosts';

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}
