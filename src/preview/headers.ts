import { domainOf, parseMailbox } from '../mail/addresses.js';
import { listId } from '../mail/compose.js';
import type { Config } from '../parse/types.js';

export interface HeaderLine {
  name: string;
  value: string;
  /** Why the value is what it is, or what is missing. */
  note?: string | undefined;
}

/**
 * The headers `newsletter send` puts on the message (src/mail/compose.ts),
 * as a reviewer needs to see them: who it is from, where replies go, the
 * subject and preheader, the list it belongs to, and the one-click
 * unsubscribe that Gmail and Yahoo require of bulk mail.
 */
export function sentHeaders(config: Config, email: { subject: string; preheader: string }): HeaderLine[] {
  const lines: HeaderLine[] = [];
  lines.push(config.from ? { name: 'From', value: config.from } : { name: 'From', value: '', note: 'not set: add from: to newsletter.config.yaml' });
  if (config.reply_to) lines.push({ name: 'Reply-To', value: config.reply_to });
  lines.push(
    config.test.to.length > 0
      ? { name: 'To', value: config.test.to.join(', '), note: 'test recipients (newsletter send --test)' }
      : { name: 'To', value: '', note: 'no test.to in newsletter.config.yaml' },
  );
  lines.push({ name: 'Subject', value: email.subject });
  const sender = config.from ? parseMailbox(config.from) : null;
  if (sender && 'mailbox' in sender) lines.push({ name: 'List-Id', value: `${config.name} <${listId(config.name, domainOf(sender.mailbox.address))}>` });
  const unsubscribe = config.footer.unsubscribe_url;
  if (unsubscribe) {
    lines.push({ name: 'List-Unsubscribe', value: `<${unsubscribe}>` });
    if (/^https:/i.test(unsubscribe)) lines.push({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
  } else {
    lines.push({ name: 'List-Unsubscribe', value: '', note: 'no footer.unsubscribe_url: Gmail and Yahoo ask bulk senders for one' });
  }
  lines.push({ name: 'MIME-Version', value: '1.0' });
  lines.push({ name: 'Content-Type', value: 'multipart/alternative', note: 'text/plain and text/html, both UTF-8' });
  lines.push({ name: 'Preheader', value: email.preheader, note: 'not a header: the inbox shows it after the subject' });
  return lines;
}
