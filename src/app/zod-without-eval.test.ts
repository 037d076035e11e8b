import { describe, expect, it } from 'vitest';

describe('zod without eval', () => {
  it('is configured jitless before zod loads, without importing zod', async () => {
    await import('./zod-without-eval');
    const { z } = await import('zod');
    expect(z.config().jitless).toBe(true);
    expect(z.strictObject({ a: z.string() }).safeParse({ a: 'x' }).success).toBe(true);
  });
});
