import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/chat/rate-limit.js';

describe('RateLimiter', () => {
  it('lets `limit` requests through per sliding window, tells the first refusal and drops the rest', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 10_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([
      'ok',
      'ok',
      'tell',
      'drop',
    ]);
    expect(limiter.take('b')).toBe('ok');
    now = 9_999;
    expect(limiter.take('a')).toBe('drop');
    now = 10_000;
    // the first two requests left the window
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual(['ok', 'ok', 'tell']);
  });

  it('forgets the users seen least recently past its bound', () => {
    const limiter = new RateLimiter(1, 60_000, () => 0, 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('a')).toBe('ok');
  });
});
