import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders, securityHeaderValues, tileSource } from './security-headers';

describe('tileSource', () => {
  it('allows the tile server of VIGIE_TILE_URL, its {s} subdomains as a wildcard', () => {
    expect(tileSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
      'https://*.tile.openstreetmap.org',
    );
    expect(tileSource('https://tiles.example.org:8443/osm/{z}/{x}/{y}.png')).toBe(
      'https://tiles.example.org:8443',
    );
    expect(tileSource('http://127.0.0.1:8080/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080');
  });

  it('falls back to the scheme when a placeholder is not the leftmost label', () => {
    expect(tileSource('https://tiles.{s}.example.org/{z}/{x}/{y}.png')).toBe('https:');
    expect(tileSource('https://{s}.org/{z}/{x}/{y}.png')).toBe('https:');
  });

  it('allows no tile server when none is configured', () => {
    expect(tileSource(undefined)).toBeNull();
    expect(contentSecurityPolicy({})['img-src']).toEqual(["'self'", 'data:']);
  });
});

describe('securityHeaders', () => {
  it('sends HSTS and upgrades requests only when served over https', () => {
    expect(securityHeaders({}).strictTransportSecurity).toBe(false);
    expect(securityHeaders({ VIGIE_PUBLIC_URL: 'http://vigie.lan' }).strictTransportSecurity).toBe(false);
    expect(
      securityHeaders({ VIGIE_PUBLIC_URL: 'https://vigie.example.org' }).strictTransportSecurity,
    ).toEqual({
      maxAge: 31_536_000,
      includeSubDomains: false,
    });
    expect(contentSecurityPolicy({})).not.toHaveProperty('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ VIGIE_PUBLIC_URL: 'https://vigie.example.org' })).toHaveProperty(
      'upgrade-insecure-requests',
    );
  });
});

describe('securityHeaderValues', () => {
  it('are the headers helmet sets, computed once from the configuration', () => {
    const headers = securityHeaderValues({});
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers).toMatchObject({
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(headers).not.toHaveProperty('strict-transport-security');
    expect(securityHeaderValues({ VIGIE_PUBLIC_URL: 'https://vigie.example.org' })).toMatchObject({
      'strict-transport-security': 'max-age=31536000',
    });
  });
});
