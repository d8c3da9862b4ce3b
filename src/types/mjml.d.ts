// mjml ships no types; renderIssue declares the small part it uses.
declare module 'mjml';
