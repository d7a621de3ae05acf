// A node:http test server on 127.0.0.1 that runs in its own worker thread, so a
// test thread blocked in Atomics.wait (a synchronous guest) can still be answered.
// Started by startTestServer() in server.ts; posts { port } once listening.
import { createServer } from 'node:http'
import { parentPort } from 'node:worker_threads'
import { gzipSync } from 'node:zlib'

/** Deterministic body bytes: byte i is i % 251. */
function pattern(n) {
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) out[i] = i % 251
  return out
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x')
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    switch (url.pathname) {
      case '/hello':
        res.setHeader('Content-Type', 'text/plain')
        res.end('hello world\n')
        return
      case '/echo':
        res.setHeader('Content-Type', 'application/json')
        res.setHeader('X-Echo', 'yes')
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            headers: req.headers,
            body: body.toString('utf8'),
            bodyLength: body.length,
          }),
        )
        return
      case '/chunked': {
        // No Content-Length: Node sends chunked, fetch() exposes no length.
        const parts = Number(url.searchParams.get('parts') ?? 3)
        let i = 0
        const next = () => {
          if (i === parts) return res.end()
          res.write(`part ${i++};`)
          setTimeout(next, 5)
        }
        next()
        return
      }
      case '/big': {
        const n = Number(url.searchParams.get('n'))
        res.setHeader('Content-Length', n)
        res.end(pattern(n))
        return
      }
      case '/gzip': {
        const zipped = gzipSync(Buffer.from('compressed hello '.repeat(50)))
        res.setHeader('Content-Encoding', 'gzip')
        res.setHeader('Content-Length', zipped.length)
        res.end(zipped)
        return
      }
      case '/redirect':
        res.statusCode = 302
        res.setHeader('Location', '/hello')
        res.end()
        return
      case '/status': {
        res.statusCode = Number(url.searchParams.get('code'))
        res.end()
        return
      }
      case '/cookies':
        res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/'])
        res.end('ok')
        return
      case '/hop':
        res.setHeader('Keep-Alive', 'timeout=5')
        res.setHeader('X-Listed', 'drop me')
        res.setHeader('Connection', 'X-Listed')
        res.end('hop')
        return
      case '/headers': {
        const n = Number(url.searchParams.get('n'))
        for (let i = 0; i < n; i++) res.setHeader(`X-Filler-${i}`, 'f'.repeat(100))
        res.end('many headers')
        return
      }
      case '/slow':
        setTimeout(() => res.end('slow'), Number(url.searchParams.get('ms') ?? 100))
        return
      case '/hang':
        return
      case '/broken':
        res.setHeader('Content-Length', 100000)
        res.write(pattern(1000))
        setTimeout(() => res.destroy(), 20)
        return
      default:
        res.statusCode = 404
        res.end('not found')
    }
  })
})

server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }))
parentPort.on('message', (m) => {
  if (m === 'close') {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  }
})
