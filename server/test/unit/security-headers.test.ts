import { describe, expect, it } from 'vitest';
import { tileOrigin } from '../../src/http/security-headers.js';

describe('the map tile origin the CSP allows', () => {
  it.each([
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.example.com/{z}/{x}/{y}.png?key=abc', 'https://*.tile.example.com'],
    ['http://127.0.0.1:8081/{z}/{x}/{y}.png', 'http://127.0.0.1:8081'],
    ['https://tiles.example.com:8443/styles/{z}/{x}/{y}@2x.png', 'https://tiles.example.com:8443'],
  ])('%s → %s', (template, origin) => {
    expect(tileOrigin(template)).toBe(origin);
  });
});
