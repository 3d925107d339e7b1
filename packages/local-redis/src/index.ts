export { type CappedLogOptions, RedisCappedLog } from './capped-log.ts';
export { type RedisPersistence, redisPersistence } from './persistence.ts';
export { withRedisErrors } from './redis-errors.ts';
export {
  ensureRedis,
  freePort,
  type LocalRedis,
  pingRedis,
  type StartRedisOptions,
  startRedisServer,
} from './redis-server.ts';
export {
  failFastRedisOptions,
  pingWithin,
  RedisOutageLog,
  type RedisOutageLogOptions,
} from './redis-watch.ts';
