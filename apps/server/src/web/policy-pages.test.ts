import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { policyPages } from './policy-pages.ts';

describe('the privacy and terms pages the Teams app links to', () => {
  it('state the retention period and whom to write to, escaped, as pages that load nothing', async () => {
    const app = Fastify();
    await app.register(policyPages, {
      siteName: 'Nimbus <Home>',
      retentionDays: 45,
      contact: { email: 'privacy@nimbus.example' },
    });
    const privacy = await app.inject({ method: 'GET', url: '/privacy' });
    expect(privacy.statusCode).toBe(200);
    expect(privacy.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(privacy.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(privacy.body).toContain('for 45 days');
    expect(privacy.body).toContain('<a href="mailto:privacy@nimbus.example">');
    expect(privacy.body).toContain('Nimbus &lt;Home&gt;');
    expect(privacy.body).not.toContain('<Home>');
    const terms = await app.inject({ method: 'GET', url: '/terms' });
    expect(terms.statusCode).toBe(200);
    expect(terms.body).toMatch(/Terms of use/);
    expect(terms.body).toContain('mailto:privacy@nimbus.example');
    await app.close();
  });

  it('sends people to the chat when the profile has no contact details', async () => {
    const app = Fastify();
    await app.register(policyPages, { siteName: 'Nimbus', retentionDays: 30 });
    expect((await app.inject({ method: 'GET', url: '/privacy' })).body).toContain(
      'ask for a person in the chat',
    );
    await app.close();
  });
});
