/**
 * Web classes as Bun shapes them, where the host's differ in what a program
 * can see: `Response` bodies from strings are `text/plain;charset=utf-8`,
 * `Response.json()` is `application/json;charset=utf-8`, and
 * `Response.redirect()` takes a relative URL.
 */

const HostResponse: typeof Response = globalThis.Response

/** Bun's `Response` (a subclass of the host's, so `instanceof` holds both ways). */
export class BunResponse extends HostResponse {
  constructor(body?: BodyInit | null, init?: ResponseInit) {
    super(body, init)
    const type = this.headers.get('content-type')
    if (type !== null && /;charset=UTF-8$/.test(type) && !new Headers(init?.headers).has('content-type'))
      this.headers.set('content-type', type.replace(/;charset=UTF-8$/, ';charset=utf-8'))
  }

  static override json(data: unknown, init?: ResponseInit): Response {
    const headers = new Headers(init?.headers)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json;charset=utf-8')
    return new BunResponse(JSON.stringify(data), { ...init, headers })
  }

  static override redirect(url: string | URL, status = 302): Response {
    if (![301, 302, 303, 307, 308].includes(status))
      throw new RangeError(`Failed to execute 'redirect' on 'Response': Invalid status code`)
    return new BunResponse(null, { status, headers: { location: String(url) } })
  }

  static override error(): Response {
    return HostResponse.error()
  }
}
