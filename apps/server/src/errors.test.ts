import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { handleError } from './errors.ts';

describe('handleError', () => {
  it.each([
    ['null', null],
    ['a string', 'plain text'],
    ['a number', 42],
    ['an object without a status', { weird: true }],
  ])(
    'answers a thrown %s with the 500 body shape, not a crash of the handler',
    async (_, thrown) => {
      const app = Fastify();
      app.setErrorHandler(handleError);
      app.get('/boom', async () => {
        throw thrown;
      });
      const response = await app.inject({ method: 'GET', url: '/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: { code: 'INTERNAL', message: 'Something went wrong on our side.' },
      });
      await app.close();
    },
  );

  it('keeps a client error Fastify raised a 4xx with a reason', async () => {
    const app = Fastify();
    app.setErrorHandler(handleError);
    app.post('/echo', async (request) => request.body);
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"polluted":true}}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_REQUEST');
    await app.close();
  });
});
