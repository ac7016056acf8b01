import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('defaults to port 8080 and the embedded database', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeNull();
    expect(config.bcryptCost).toBe(12);
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.loginFailuresPerAddress).toBe(30);
    expect(config.trustProxy).toBe(false);
    expect(config.alerts.chargerEventRetentionDays).toBe(90);
  });

  it('reads TRUST_PROXY as a flag, a hop count or proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ BCRYPT_COST: '10' }, /BCRYPT_COST/],
    [{ ACCESS_TOKEN_TTL_SECONDS: '3600' }, /ACCESS_TOKEN_TTL_SECONDS/],
    [{ ADMIN_EMAIL: 'a@b.c' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD/],
    [{ ADMIN_EMAIL: 'ops@b.c', ADMIN_PASSWORD: 'qwertyuiop123' }, /ADMIN_PASSWORD is refused: Password is too common/],
    [{ ADMIN_EMAIL: 'ops@b.c', ADMIN_PASSWORD: 'ops-harbour-lantern' }, /ADMIN_PASSWORD is refused: .*e-mail/],
    [{ LOGIN_FAILURES_PER_ADDRESS: '2' }, /LOGIN_FAILURES_PER_ADDRESS/],
    [{ TRUST_PROXY: 'the-load-balancer' }, /TRUST_PROXY/],
    [{ DEMO_DATA: 'sometimes' }, /DEMO_DATA/],
    [{ DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE/],
    [{ CHARGER_EVENT_RETENTION_DAYS: '1' }, /CHARGER_EVENT_RETENTION_DAYS must be a whole number from 2 to 3650/],
    [{ CHARGER_EVENT_RETENTION_DAYS: 'a year' }, /CHARGER_EVENT_RETENTION_DAYS/],
  ])('refuses %j with a message naming the setting', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
