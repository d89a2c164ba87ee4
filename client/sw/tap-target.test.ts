import { expect, it } from 'vitest';
import { tapTarget } from './tap-target.ts';

const scope = 'https://mail.example.org/cowbell/';

it('opens an app path in the app, under its base path', () => {
  expect(tapTarget('/cowbell/quarantine/5', scope)).toEqual({ url: 'https://mail.example.org/cowbell/quarantine/5', inApp: true });
  expect(tapTarget('/cowbell/', scope)).toEqual({ url: scope, inApp: true });
  expect(tapTarget(undefined, scope)).toEqual({ url: scope, inApp: true });
});

it('opens the webmail (another path or origin) outside the app', () => {
  const sogo = 'https://mail.example.org/SOGo/so/ann%40example.org/Mail/view#INBOX/42';
  expect(tapTarget(sogo, scope)).toEqual({ url: sogo, inApp: false });
  expect(tapTarget('https://webmail.example.net/x', scope)).toEqual({ url: 'https://webmail.example.net/x', inApp: false });
  // Same origin, but not below the app's path: mailcow's own pages, not Cowbell's.
  expect(tapTarget('/cowbellish', scope).inApp).toBe(false);
});

it('never opens a script or other scheme: the app instead', () => {
  expect(tapTarget('javascript:alert(1)', scope)).toEqual({ url: scope, inApp: true });
  expect(tapTarget('data:text/html,hi', scope)).toEqual({ url: scope, inApp: true });
  expect(tapTarget('http://[bad', scope)).toEqual({ url: scope, inApp: true });
});
