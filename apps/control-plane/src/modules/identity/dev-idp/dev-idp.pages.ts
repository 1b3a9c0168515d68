import { DEV_ACCOUNTS, DEV_PASSWORD } from './dev-idp.accounts.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1f2328; margin: 0; }
  main { max-width: 400px; margin: 8vh auto; background: #fff; border-radius: 10px; padding: 28px 32px;
         box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  h1 { font-size: 1.25rem; margin: 0 0 4px; }
  p.sub { margin: 0 0 20px; color: #57606a; font-size: .9rem; }
  label { display: block; font-size: .85rem; margin: 14px 0 4px; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: 9px 10px; font-size: 1rem; border: 1px solid #d0d7de;
          border-radius: 6px; }
  button { margin-top: 20px; width: 100%; padding: 10px; font-size: 1rem; border: 0; border-radius: 6px;
           background: #2f5fd0; color: #fff; cursor: pointer; }
  .error { background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: 8px 10px; margin-top: 12px;
           font-size: .9rem; }
  table { width: 100%; border-collapse: collapse; margin-top: 24px; font-size: .82rem; color: #57606a; }
  td, th { text-align: left; padding: 3px 4px; border-top: 1px solid #eaeef2; }
  a { color: #2f5fd0; font-size: .85rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The development IdP's sign-in form, listing its demo accounts. */
export function loginPage(action: string, abortUrl: string, error?: string, login = ''): string {
  const rows = DEV_ACCOUNTS.map(
    (account) =>
      `<tr><td>${escape(account.id)}</td><td>${escape(account.email)}</td><td>${escape(account.groups.join(', '))}</td></tr>`,
  ).join('');
  return page(
    'Development IdP: sign in',
    `<h1>Development IdP</h1>
<p class="sub">A built-in OpenID Provider for trying Portcullis offline. Never used in production.</p>
<form method="post" action="${escape(action)}" autocomplete="off">
  <label for="login">Username</label>
  <input id="login" name="login" value="${escape(login)}" autofocus required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  ${error === undefined ? '' : `<div class="error" role="alert">${escape(error)}</div>`}
  <button type="submit">Sign in</button>
</form>
<p><a href="${escape(abortUrl)}">Cancel</a></p>
<table><thead><tr><th>username</th><th>e-mail</th><th>groups</th></tr></thead><tbody>${rows}</tbody></table>
<p class="sub" style="margin-top:8px">Password for every demo account: <code>${escape(DEV_PASSWORD)}</code></p>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Development IdP',
    `<h1>Development IdP</h1><div class="error" role="alert">${escape(message)}</div>
<p><a href="/">Back to the console</a></p>`,
  );
}
