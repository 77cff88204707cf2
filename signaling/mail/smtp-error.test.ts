import { describe, expect, it } from 'vitest';
import { describeSmtpError } from './smtp-error.ts';

/** Errors shaped as nodemailer reports them (seen against smtp-server and a closed port). */
const nodemailerError = (fields: Record<string, unknown>) => Object.assign(new Error('nodemailer says'), fields);

describe('describeSmtpError', () => {
  it('quotes the mail server’s refusal: recipient and message', () => {
    expect(describeSmtpError(nodemailerError({ code: 'EENVELOPE', responseCode: 550, response: '550 mailbox unavailable', command: 'RCPT TO' }))).toBe(
      '550 mailbox unavailable',
    );
    expect(describeSmtpError(nodemailerError({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 message refused\r\nmore' }))).toBe(
      '554 5.7.1 message refused',
    );
  });

  it('names a connection that was refused, timed out or never resolved', () => {
    expect(describeSmtpError(nodemailerError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }))).toBe('connection refused');
    expect(describeSmtpError(nodemailerError({ code: 'ETIMEDOUT', command: 'CONN' }))).toBe('timed out');
    expect(describeSmtpError(nodemailerError({ code: 'EDNS', originalCode: 'ENOTFOUND' }))).toBe('mail server not found');
    expect(describeSmtpError(nodemailerError({ code: 'EAUTH' }))).toBe('authentication failed');
  });

  it('keeps the summary short and falls back to the code', () => {
    expect(describeSmtpError(nodemailerError({ responseCode: 550, response: `550 ${'x'.repeat(500)}` }))).toHaveLength(120);
    expect(describeSmtpError(nodemailerError({ code: 'EPROTOCOL' }))).toBe('could not send (EPROTOCOL)');
    expect(describeSmtpError('a string')).toBe('could not send');
    expect(describeSmtpError(null)).toBe('could not send');
  });
});
