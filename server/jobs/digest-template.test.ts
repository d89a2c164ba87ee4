import { describe, expect, it } from 'vitest';
import { renderDigest, templateProblem, type DigestInput } from './digest-template.ts';

const input = (over: Partial<DigestInput> = {}): DigestInput => ({ username: 'a@b.test', hostname: 'mail.example.test/cowbell', quarantineAcl: 1, items: [
  { id: 1, qhash: 'a'.repeat(64), subject: 'Older <b>one</b>', score: 9, sender: 'x@evil.test', created: '2024-01-01 10:00:00', action: 'reject' },
  { id: 2, qhash: 'b'.repeat(64), subject: 'Newer', score: 5.5, sender: 'y@evil.test', created: '2024-01-02 10:00:00', action: 'add header' }], ...over });

describe('digest template', () => {
  it("renders mailcow's quarantine.tpl when Q_HTML is unset: newest first, escaped, links only with the ACL", () => {
    const { html, text, usedDefault } = renderDigest(null, input());
    expect(usedDefault).toBe(true);
    expect(html).toContain('Hi a@b.test!');
    expect(html).toContain('There are 2 new messages waiting in quarantine');
    expect(html.indexOf('Newer')).toBeLessThan(html.indexOf('Older'));
    expect(html).toContain('Older &lt;b&gt;one&lt;/b&gt;');
    expect(html).toContain('<td class="mob">9.0</td>');
    expect(html).toContain('<td class="mob">Sent to Junk folder</td>');
    expect(html).toContain(`<a href="https://mail.example.test/cowbell/qhandler/release/${'a'.repeat(64)}">Release to inbox</a>`);
    expect(html).toContain(`https://mail.example.test/cowbell/qhandler/delete/${'b'.repeat(64)}">delete</a>`);
    expect(text).toContain('Hi a@b.test!');
    expect(text).toContain('Older <b>one</b>');
    expect(text).not.toContain('<td');
    const noAcl = renderDigest('', input({ quarantineAcl: 0, items: input().items.slice(0, 1) }));
    expect(noAcl.html).toContain('There is 1 new message waiting');
    expect(noAcl.html).not.toContain('/qhandler/');
  });

  it("renders an admin's Q_HTML with mailcow's variables and no autoescaping, as Jinja2's sandbox does", () => {
    const tpl = '{{ username }}|{{ counter }}|{{ hostname }}|{{ quarantine_acl }}|{% for m in meta %}{{ m.id }}:{{ m.qhash|first }}:{{ m.score }}:{{ m.action }}:{{ m.created }};{% endfor %}<i>{{ meta[0].subject|e }}</i>';
    const { html, usedDefault } = renderDigest(tpl, input());
    expect(usedDefault).toBe(false);
    expect(html).toBe('a@b.test|2|mail.example.test/cowbell|1|1:a:9.0:reject:2024-01-01 10:00:00;2:b:5.5:add header:2024-01-02 10:00:00;<i>\u2068Older &lt;b&gt;one&lt;/b&gt;\u2069</i>');
  });

  it('isolates subject and sender, so an override in them cannot reorder the rest of the row', () => {
    const { html, text } = renderDigest(null, input({ items: [
      { id: 1, qhash: null, subject: 'Invoice \u202Efdp.exe <b>', score: 9, sender: 'x@evil.test', created: '2024-01-01 10:00:00', action: 'reject' }] }));
    expect(html).toContain('<td>\u2068Invoice \u202Efdp.exe &lt;b&gt;\u202C\u2069</td>');
    expect(text).toContain('\u2068Invoice \u202Efdp.exe <b>\u202C\u2069');
  });

  it('keeps a hostile template away from Node: no constructor, prototype, function members, loaders or huge ranges', () => {
    const hostile = [
      "{{ ''.constructor.constructor('return process')().pid }}",
      "{{ range.constructor('return process')().pid }}",
      "{{ cycler.constructor('return globalThis')().process.pid }}",
      "{{ constructor.getOwnPropertyDescriptor(range.__proto__, 'constructor').value('return process')().pid }}",
      "{{ meta.__proto__.constructor.constructor('return process')().pid }}",
      "{{ joiner.call.apply }}{{ username.__proto__ }}{{ _ }}",
      "{{ username | constructor }}",
      "{% include '/etc/passwd' %}",
      "{% extends 'x' %}",
      "{% for i in range(10000000) %}x{% endfor %}",
    ];
    for (const tpl of hostile) {
      const { html } = renderDigest(tpl, input());
      expect(html, tpl).not.toContain(String(process.pid));
      expect(html, tpl).not.toContain('root:');
      expect(html, tpl).not.toMatch(/function|\[object/);
    }
  });

  it('falls back to mailcow\'s template when Q_HTML does not parse, and names the problem', () => {
    expect(templateProblem('{% for x in meta %}no end')).toMatch(/Q_HTML/);
    expect(templateProblem('{{ username }}')).toBeNull();
    const { html, usedDefault } = renderDigest('{{ unclosed', input());
    expect(usedDefault).toBe(true);
    expect(html).toContain('There are 2 new messages waiting in quarantine');
  });
});
