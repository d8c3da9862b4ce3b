/**
 * The few W3C WebDriver commands the preview needs, over Node's own fetch:
 * WebKitWebDriver and safaridriver both speak the protocol, so no client
 * library is needed. https://www.w3.org/TR/webdriver2/
 */
export class WebDriverSession {
  private constructor(
    private readonly base: string,
    readonly id: string,
    private readonly timeoutMs: number,
  ) {}

  /** Starts a session on the driver at `base` (http://127.0.0.1:PORT). */
  static async start(base: string, capabilities: Record<string, unknown>, timeoutMs: number): Promise<WebDriverSession> {
    const value = await command<{ sessionId: string }>(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, Math.max(timeoutMs, 60_000));
    return new WebDriverSession(base, value.sessionId, timeoutMs);
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return command<T>(this.base, method, `/session/${this.id}${path}`, body, this.timeoutMs);
  }

  setWindowRect(width: number, height: number): Promise<unknown> {
    return this.send('POST', '/window/rect', { x: 0, y: 0, width, height });
  }

  navigate(url: string): Promise<unknown> {
    return this.send('POST', '/url', { url });
  }

  /** Runs `script` (a function body; `arguments` are `args`) in the page and returns its value. */
  execute<T>(script: string, args: unknown[] = []): Promise<T> {
    return this.send<T>('POST', '/execute/sync', { script, args });
  }

  /** As execute, for a script that calls its last argument with the result. */
  executeAsync<T>(script: string, args: unknown[] = []): Promise<T> {
    return this.send<T>('POST', '/execute/async', { script, args });
  }

  /** The viewport (WebKitGTK: the whole window) as a PNG. */
  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.send<string>('GET', '/screenshot'), 'base64');
  }

  async quit(): Promise<void> {
    await this.send('DELETE', '').catch(() => {});
  }
}

/** Whether the driver at `base` answers and is ready for a session. */
export async function driverReady(base: string): Promise<boolean> {
  try {
    const value = await command<{ ready?: boolean }>(base, 'GET', '/status', undefined, 2_000);
    return value.ready !== false;
  } catch {
    return false;
  }
}

async function command<T>(base: string, method: string, path: string, body: unknown, timeoutMs: number): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await res.json().catch(() => ({}))) as { value?: { error?: string; message?: string } & T };
  if (!res.ok || (json.value && typeof json.value === 'object' && 'error' in json.value && json.value.error)) {
    const v = json.value as { error?: string; message?: string } | undefined;
    throw new Error(
      `WebDriver ${method} ${path.replace(/\/session\/[^/]+/, '')}: ${v?.error ?? res.status}${v?.message ? ` (${v.message.split('\n')[0]})` : ''}`,
    );
  }
  return json.value as T;
}
