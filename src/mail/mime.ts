import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';

export interface BuiltMessage {
  /** The whole message, CRLF line ends: written as the .eml and sent over SMTP byte for byte. */
  raw: Buffer;
  messageId: string;
  /** The envelope nodemailer derived from the headers it wrote. */
  envelope: { from: string | false; to: string[] };
}

/**
 * Turns the composed message into MIME with nodemailer's stream transport
 * (build only, nothing is sent): the .eml and the SMTP send use these bytes.
 */
export async function buildMime(mail: SendMailOptions): Promise<BuiltMessage> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(mail);
  return { raw: info.message as Buffer, messageId: info.messageId, envelope: { from: info.envelope.from, to: [...info.envelope.to] } };
}
