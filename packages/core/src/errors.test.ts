import { describe, expect, it } from 'vitest';
import { describeError, SwitchboardError, toSwitchboardError } from './errors.ts';

describe('errors', () => {
  it('describes our errors by code and message, others with their stack', () => {
    expect(describeError(new SwitchboardError('CONFIG_INVALID', 'PORT: expected a number'))).toBe(
      'CONFIG_INVALID: PORT: expected a number',
    );
    expect(describeError(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
    expect(describeError('plain')).toBe('plain');
  });

  it('shows 5xx clients only the catalogue message, keeping the original as cause', () => {
    const original = new Error('connection string postgres://user:secret@db');
    const error = toSwitchboardError(original);
    expect(error.status).toBe(500);
    expect(error.publicMessage).not.toContain('secret');
    expect(error.cause).toBe(original);
  });
});
