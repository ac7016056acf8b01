import { eq } from 'drizzle-orm';
import nodemailer, { type NodemailerError } from 'nodemailer';
import type { Executor } from '../../../db/client.js';
import { users } from '../../../db/schema/index.js';
import type { ChannelAdapter, ChannelTarget, OutgoingMessage, SendResult } from './types.js';

/** Where a user changes which notifications they get (the web app's profile page). */
export const PREFERENCES_PATH = '/profile';

export interface EmailSettings {
  /** SMTP_URL: smtp:// or smtps://, credentials in the URL. */
  smtpUrl: string;
  /** MAIL_FROM, e.g. `Chargeboard <no-reply@example.com>`. */
  mailFrom: string;
  /** PUBLIC_URL: links in the e-mail point here. */
  publicUrl: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The address part of MAIL_FROM (`Name <a@b>` or `a@b`). */
function senderDomain(mailFrom: string, publicUrl: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.split('@')[1]?.trim();
  if (domain && /^[A-Za-z0-9.-]+$/.test(domain)) return domain;
  try {
    return new URL(publicUrl).hostname || 'chargeboard.local';
  } catch {
    return 'chargeboard.local';
  }
}

/**
 * The Message-ID of a delivery: derived from its idempotency key only, so a second send of the same
 * delivery (a crash after the SMTP server took it, before we recorded it) carries the same id and
 * mail systems and people can recognise it as the same message.
 */
export function messageIdFor(idempotencyKey: string, mailFrom: string, publicUrl: string): string {
  const left = idempotencyKey.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+/g, '.').replace(/^\.+|\.+$/g, '');
  return `<${left}@${senderDomain(mailFrom, publicUrl)}>`;
}

/** Why the recipient gets this message, by category (the footer). */
function whyText(message: OutgoingMessage): string {
  switch (message.category) {
    case 'alert':
      return 'You get this e-mail because e-mail alerts of this kind are turned on for your Chargeboard account.';
    case 'service':
      return 'You get this e-mail because it is about your own charging on Chargeboard. Messages about your own sessions are always sent.';
    case 'marketing':
      return 'You get this e-mail because you have not opted out of news and offers from Chargeboard.';
    default:
      return 'You get this e-mail because e-mail notifications are turned on for your Chargeboard account.';
  }
}

/** The subject, plain text and HTML of one notification's e-mail, or of a digest (its items listed). */
export function renderEmail(message: OutgoingMessage, publicUrl: string): { subject: string; text: string; html: string } {
  const base = publicUrl.replace(/\/+$/, '');
  const preferencesUrl = `${base}${PREFERENCES_PATH}`;
  const why = whyText(message);
  const change = 'Change which notifications you get, and when, in your profile:';
  const greeting = message.recipientName.trim() ? `Hello ${message.recipientName.trim()},` : 'Hello,';
  // A subject is one line: a title with line breaks would start new headers.
  const subject = message.title.replace(/\s+/g, ' ').trim();

  const text = [
    ...(message.organizationName ? [message.organizationName, ''] : []),
    subject,
    '',
    greeting,
    '',
    message.body,
    ...message.items.flatMap((item) => [
      '',
      `• ${item.at} — ${item.title}`,
      `  ${item.body}`,
      ...(item.url ? [`  ${item.url}`] : []),
    ]),
    ...(message.url ? ['', `Open in Chargeboard: ${message.url}`] : []),
    '',
    '-- ',
    why,
    `${change} ${preferencesUrl}`,
    '',
  ].join('\n');

  const paragraphs = message.body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const items = message.items.length
    ? `<ul style="margin:0 0 12px;padding:0;list-style:none">\n${message.items
        .map(
          (item) =>
            `<li style="margin:0 0 12px;padding:0 0 12px;border-bottom:1px solid #eaeef2"><div style="color:#57606a;font-size:12px">${escapeHtml(item.at)}</div><div style="font-weight:600">${item.url ? `<a href="${escapeHtml(item.url)}" style="color:#1b1f24">${escapeHtml(item.title)}</a>` : escapeHtml(item.title)}</div><div>${escapeHtml(item.body)}</div></li>`,
        )
        .join('\n')}\n</ul>`
    : '';
  const button = message.url
    ? `<p style="margin:20px 0"><a href="${escapeHtml(message.url)}" style="display:inline-block;background:#1f6feb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">Open in Chargeboard</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1b1f24">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
${message.organizationName ? `<p style="margin:0 0 8px;color:#57606a;font-size:13px">${escapeHtml(message.organizationName)}</p>\n` : ''}<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(subject)}</h1>
<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>
${paragraphs}
${items}
${button}
<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 12px">
<p style="margin:0;color:#57606a;font-size:12px">${escapeHtml(why)} ${escapeHtml(change)} <a href="${escapeHtml(preferencesUrl)}" style="color:#57606a">${escapeHtml(preferencesUrl)}</a></p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}

/**
 * What an SMTP failure means for trying again: a 5xx answer refuses this message for good
 * (except 503, a command out of sequence, which a new connection can get past); a 4xx answer,
 * a connection that failed, timed out or was dropped, or a refused login (the operator can fix
 * SMTP_URL meanwhile) are worth another attempt.
 */
export function classifySmtpError(error: unknown): { permanent: boolean; error: string } {
  const e = (error ?? {}) as NodemailerError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const text = (e.response || e.message || String(error)).slice(0, 1000);
  const permanent = code !== null && code >= 500 && code < 600 && code !== 503 && e.code !== 'EAUTH';
  return { permanent, error: code !== null && !text.startsWith(String(code)) ? `${code} ${text}` : text };
}

/** E-mail through the SMTP server of SMTP_URL; null when none is configured. */
export function createEmailChannel(settings: EmailSettings | null): ChannelAdapter | null {
  if (!settings) return null;
  // One connection per message: nothing stays open between notifications, nothing to close on shutdown.
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    channel: 'email',
    async targets(db: Executor, userId: string): Promise<ChannelTarget[]> {
      const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
      const address = user?.email.trim();
      return address && address.includes('@') ? [{ id: address }] : [];
    },
    async send(target: ChannelTarget, message: OutgoingMessage, idempotencyKey: string): Promise<SendResult> {
      const { subject, text, html } = renderEmail(message, settings.publicUrl);
      try {
        const info = await transport.sendMail({
          from: settings.mailFrom,
          to: message.recipientName.trim() ? { name: message.recipientName.trim(), address: target.id } : target.id,
          subject,
          text,
          html,
          messageId: messageIdFor(idempotencyKey, settings.mailFrom, settings.publicUrl),
          headers: {
            // RFC 3834: sent by a program; vacation responders should not answer it.
            'Auto-Submitted': 'auto-generated',
            'X-Chargeboard-Delivery': idempotencyKey,
          },
        });
        // The server's answer usually names its queue id: what its logs know the message by.
        return { ok: true, providerReference: (info.response || info.messageId || '').slice(0, 500) || null };
      } catch (error) {
        return { ok: false, ...classifySmtpError(error) };
      }
    },
  };
}
