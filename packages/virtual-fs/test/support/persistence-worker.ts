/** A dedicated worker serving the persistence operations (OPFS here uses sync access handles). */
import { serveOps } from './persistence-ops.js'

serveOps(self as unknown as Parameters<typeof serveOps>[0])
