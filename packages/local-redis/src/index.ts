export {
  ensureRedis,
  findExecutable,
  freePort,
  type LocalRedis,
  pingRedis,
  type StartRedisOptions,
  startRedisServer,
} from './redis-server.ts';
