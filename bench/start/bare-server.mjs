// The warm-start baseline: a bare Fastify server with a /readyz route, on PORT at HOST. Plain
// JavaScript run by node itself, so it pays no loader: the floor of any Node + Fastify start.
import Fastify from 'fastify';

const app = Fastify();
app.get('/readyz', async () => ({ status: 'ok' }));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
