import { inflateSync } from 'node:zlib';
import { isSwitchboardError } from '@switchboard/core';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { teamsManifest, validateTeamsManifest } from './teams-manifest.ts';
import { buildTeamsPackage } from './teams-package.ts';

const settings = {
  appId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  publicUrl: 'https://support.example.com/',
  companyName: 'Nimbus & Co',
};

/** Width, height and RGBA pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes). */
function decodePng(png: Uint8Array) {
  const data = Buffer.from(png);
  const chunks: Buffer[] = [];
  let width = 0;
  let height = 0;
  let channels = 4;
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[12]], 'bit depth 8, not interlaced').toEqual([8, 0]);
      expect([2, 6], 'colour type RGB or RGBA').toContain(body[9]);
      channels = body[9] === 6 ? 4 : 3;
    }
    if (type === 'IDAT') chunks.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const corner = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const paeth = () => {
        const p = left + up - corner;
        const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        return a <= b && a <= c ? left : b <= c ? up : corner;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(pixels.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, pixels: rgba };
}

describe('the Teams app package', () => {
  it('writes a manifest that passes Microsoft’s published schema, with this deployment’s ids and host', async () => {
    const { manifest, zip } = await buildTeamsPackage(settings);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const written = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(written).toEqual(manifest);
    expect(written).toMatchObject({
      manifestVersion: '1.19',
      id: settings.appId,
      bots: [{ botId: settings.appId }],
      developer: {
        name: 'Nimbus & Co',
        websiteUrl: 'https://support.example.com/',
        privacyUrl: 'https://support.example.com/privacy',
        termsOfUseUrl: 'https://support.example.com/terms',
      },
      validDomains: ['support.example.com'],
    });
  });

  it('ships real icons: 192×192 in colour, 32×32 white on transparent', async () => {
    const files = unzipSync((await buildTeamsPackage(settings)).zip);
    const color = decodePng(files['color.png'] as Uint8Array);
    expect([color.width, color.height]).toEqual([192, 192]);
    const opaque = color.pixels.filter((_, i) => i % 4 === 3 && color.pixels[i] === 255).length;
    expect(opaque).toBe(192 * 192);
    const outline = decodePng(files['outline.png'] as Uint8Array);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let drawn = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      drawn += 1;
      expect([r, g, b], `pixel ${i / 4}`).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(60);
    expect(drawn).toBeLessThan(32 * 32 - 200);
  });

  it('uses the company’s own privacy and terms pages when it has them, and a version', () => {
    const manifest = teamsManifest({
      ...settings,
      privacyUrl: 'https://nimbus.example/privacy',
      termsUrl: 'https://nimbus.example/terms',
      version: '2.3.0',
    });
    expect(manifest).toMatchObject({
      version: '2.3.0',
      developer: {
        privacyUrl: 'https://nimbus.example/privacy',
        termsOfUseUrl: 'https://nimbus.example/terms',
      },
    });
    expect(() => validateTeamsManifest(manifest)).not.toThrow();
  });

  it('refuses what Teams would refuse, saying where', async () => {
    const reason = await buildTeamsPackage({ ...settings, appId: 'my-bot' }).then(
      () => 'built',
      (error: unknown) => (isSwitchboardError(error) ? error.message : String(error)),
    );
    expect(reason).toMatch(/^The Teams manifest does not match its schema: /);
    expect(reason).toMatch(/\/id must match pattern/);
    expect(reason).toMatch(/\/bots\/0\/botId/);
  });
});
