/** Where a body went wrong: the 1-based line number and, when known, the field. */
export class BatchError extends Error {
  override name = 'BatchError';
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly field: string | undefined
  ) {
    super(message);
  }
}
