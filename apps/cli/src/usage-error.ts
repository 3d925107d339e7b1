/**
 * A mistake in how the command was called (a missing argument, options that exclude each other):
 * printed as one line with a pointer to the command's `--help`, exit code 2 (as for commander's
 * own errors).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** False when `--help` would not help (the message says what to run instead). */
  readonly pointToHelp: boolean;

  constructor(message: string, options: { pointToHelp?: boolean } = {}) {
    super(message);
    this.pointToHelp = options.pointToHelp ?? true;
  }
}
