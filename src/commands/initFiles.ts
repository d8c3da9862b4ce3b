/**
 * What `newsletter init` writes, as text. Placeholders the author must fill
 * carry "TODO": the `leftover` rule makes `newsletter check` fail until
 * they are replaced, so a half-set-up newsletter is never sent by mistake.
 */

export interface InitValues {
  name: string;
  author: string | null;
  url: string | null;
  /** YYYY-MM-DD of the example issue. */
  date: string;
}

/** YAML scalar: quoted only when it has to be. */
export function yamlString(s: string): string {
  return /^[\w .,'!?()/-]+$/.test(s) && !/^[-?!\s]|[\s:]$|: | #/.test(s) && !/^(true|false|null|yes|no|on|off|~|\d.*)$/i.test(s) ? s : JSON.stringify(s);
}

export function configText(v: InitValues): string {
  const url = (v.url ?? 'https://example.com/TODO').replace(/\/+$/, '');
  const author = v.author ?? 'TODO Your Name';
  return `# ${v.name}: the newsletter's settings. Every key is described in
# https://www.npmjs.com/package/newsletter-cli (docs/format.md).
# "newsletter check" reports each TODO below until you fill it in.
name: ${yamlString(v.name)}
description: TODO one sentence on what readers get, and how often.
url: ${url}
from: ${yamlString(`${v.author ?? v.name} <newsletter@example.com>`)}
language: en
# {first_name|there}: the reader's first name where your sending service knows it, else "there".
greeting: "Hi {first_name|there},"
signoff: Until next week,
author:
  name: ${yamlString(author)}
footer:
  reason: You are receiving this email because you subscribed to ${yamlString(v.name).replace(/^"|"$/g, '')}.
  address: TODO your postal address (the law requires one in bulk email)
  unsubscribe_url: ${url}/unsubscribe
theme:
  brand_color: '#1f4e79'
test:
  to: [TODO-you@example.com]
# Where "newsletter publish" hands each issue over as a draft (docs/publish.md):
# publish:
#   provider: kit   # or buttondown, mailchimp, listmonk; the key comes from the environment (KIT_API_KEY)
`;
}

export function exampleIssueText(v: InitValues): string {
  return `---
title: Welcome to ${v.name}
date: ${v.date}
subject: Welcome to ${v.name}
preheader: What this newsletter is about, and what to expect every week.
---

This is the first issue. Write the letter here in markdown: **bold**,
_italic_, [links](https://example.com), lists and headings all work.

Run \`npx newsletter build\` to turn it into an email (in dist/), and
\`npx newsletter new "Next week's title"\` to start the next issue.
`;
}

export const GITIGNORE_TEXT = `# newsletter build, preview and send write here.
dist/
node_modules/
`;

export const PREVIEW_WORKFLOW_TEXT = `# Newsletter preview on every pull request: each issue as readers will see
# it, with screenshots, uploaded as an artifact, and problems as annotations.
# Needs newsletter-cli in devDependencies (npm i -D newsletter-cli).
name: Newsletter preview

on:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  preview:
    runs-on: ubuntu-latest
    # Debian, where apt's chromium is the browser itself (on Ubuntu it is a snap).
    container: node:20-bookworm
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - name: Install Chromium for the screenshots
        run: |
          apt-get update -qq
          apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation
      - name: Build the preview
        run: npx newsletter preview --screenshots --format github
        env:
          CHROMIUM_PATH: /usr/bin/chromium
      - name: Upload the preview folder
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: newsletter-preview
          path: dist/preview/
          if-no-files-found: ignore
          retention-days: 14
`;
