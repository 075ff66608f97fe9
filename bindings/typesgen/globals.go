package typesgen

// globalsTS declares the globals the bindings define by hand (objects of
// functions, classes with JS constructors, the registrars). The Go types
// they mention are declared from reflection after it. {{HOOKS}} and
// {{FIELD_CLASSES}} are filled in by Generate.
const globalsTS = `// ---------------------------------------------------------------------------
// Globals
// ---------------------------------------------------------------------------

/** The app: every hook, query and model method of hookbase (see core.App). */
declare var $app: core.App

/** The absolute path of the pb_hooks directory (for require(` + "`${__hooks}/x.js`" + `)). */
declare var __hooks: string

/**
 * Loads a CommonJS module. Relative paths resolve from the requiring file;
 * bare names from node_modules under pb_hooks. Node built-ins are absent.
 */
declare function require(path: string): any

/** A handler of a route or middleware: call e.next() to continue the chain. */
type RouteHandler = (e: core.RequestEvent) => any

/** A middleware: a JS handler, a Middleware instance or one of $apis' middlewares. */
type MiddlewareArg = RouteHandler | Middleware | core.Middleware

/**
 * Describes a route in the OpenAPI document (GET /api/docs/openapi.json).
 * Schemas are JSON Schema objects.
 */
interface RouteDoc {
  summary?: string
  description?: string
  tags?: Array<string>
  operationId?: string
  deprecated?: boolean
  /** query params: a description, or a JSON Schema of the value */
  query?: { [name: string]: string | { [key: string]: any } }
  /** the JSON request body's schema */
  body?: { [key: string]: any }
  /** the 200 answer's JSON schema */
  response?: { [key: string]: any }
  /** answers by status code */
  responses?: { [status: string]: { description?: string, schema?: { [key: string]: any } } }
}

/**
 * Registers a route. path uses {name} params and a trailing {path...}
 * wildcard; a GET route also answers HEAD. Middlewares run before handler.
 * A plain object among the trailing arguments is the route's RouteDoc; without
 * one, a JSDoc block right above the call is read (summary, description,
 * "@tag name", "@query name text").
 */
declare function routerAdd(method: string, path: string, handler: RouteHandler | core.Middleware, ...middlewaresOrDoc: Array<MiddlewareArg | RouteDoc>): void

/** Registers middlewares in front of every route (the built-in ones included). */
declare function routerUse(...middlewares: Array<MiddlewareArg>): void

/** Schedules fn with a cron expression ("0 3 * * *", "@daily", …) under id. */
declare function cronAdd(id: string, expr: string, fn: () => any): void

/** Removes the cron job id. */
declare function cronRemove(id: string): void

/**
 * Declares a migration (pb_migrations only): up applies it, down reverts it.
 * Both get the transaction's app; throwing rolls back every pending migration.
 */
declare function migrate(up: (app: core.App) => any, down?: (app: core.App) => any): void

/** Blocks the handler for ms milliseconds (ends early when the call times out). */
declare function sleep(ms: number): void

/** Text of bytes, a reader or a string; anything else as JSON. */
declare function toString(value: any): string

/** Bytes of a string, a reader or an array of numbers; anything else as JSON. */
declare function toBytes(value: any): Array<number>

/** Reads a reader as text, at most maxBytes when given. @deprecated use toString */
declare function readerToString(reader: any, maxBytes?: number): string

/** An empty array of model's type, for query methods that fill a slice (.all(rows)). */
declare function arrayOf<T>(model: T): Array<T>

/** Loads plain data (an object or a JSON string) into a Go model through JSON. */
declare function unmarshal(data: CollectionData | string | { [key: string]: any }, target: any): void

/** console.* writes to the app logger. */
declare var console: {
  log(...data: Array<any>): void
  info(...data: Array<any>): void
  warn(...data: Array<any>): void
  error(...data: Array<any>): void
  debug(...data: Array<any>): void
}

/** A subset of Node's process: the environment and the arguments. */
declare var process: {
  env: { [key: string]: string | undefined }
  argv: Array<string>
  [key: string]: any
}

/** A subset of Node's Buffer (base64/hex conversions). */
declare var Buffer: {
  from(data: any, encoding?: string): { toString(encoding?: string): string; length: number; [key: string]: any }
  [key: string]: any
}

declare function setTimeout(fn: (...args: Array<any>) => void, ms?: number, ...args: Array<any>): number
declare function clearTimeout(id: number): void
declare function setInterval(fn: (...args: Array<any>) => void, ms?: number, ...args: Array<any>): number
declare function clearInterval(id: number): void

// ---------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------

/** A record of collection, optionally loaded with data (field values by name). */
declare var Record: {
  new (collection?: core.Collection, data?: { [key: string]: any }): core.Record
}

type Collection = core.Collection
/**
 * A collection built from its API JSON, e.g.
 * new Collection({type: "base", name: "posts", fields: [{type: "text", name: "title", required: true}]})
 */
declare var Collection: {
  new (data?: CollectionData): core.Collection
}

type Field = core.Field
/** A field of any type from plain data (its "type" picks the kind). */
declare var Field: {
  new (data: FieldData): core.Field
}

type FieldsList = core.FieldsList
/** A list of fields built from fields or plain data. */
declare var FieldsList: {
  new (fields?: Array<FieldData | core.Field>): core.FieldsList
}
{{FIELD_CLASSES}}
/** A model whose keys and value types follow shape, for $app.db() queries. */
declare var DynamicModel: {
  new <T extends object>(shape: T): T
}

/** An email message (from, to, subject, html, text, attachments…). */
declare var MailerMessage: {
  new (data?: { [key: string]: any }): mailer.Message
}

/** The request data of a record rule check ({auth, body, query, headers, method, context}). */
declare var RequestInfo: {
  new (data?: { [key: string]: any }): core.RequestInfo
}

type DateTime = types.DateTime
/**
 * A UTC date-time; no argument means now. Accepts a date string or a Date.
 * With a location (a name or a Timezone), a date string without its own
 * zone is read as that location's wall clock:
 * new DateTime("2024-07-01 12:00:00", "Europe/Riga") is 09:00 UTC.
 */
declare var DateTime: {
  new (date?: any, location?: string | time.Location): types.DateTime
}

type Timezone = time.Location
/**
 * A Go time.Location by IANA name (new Timezone("Europe/Riga")); an empty
 * or unknown name is UTC. Use it with new DateTime(date, zone) or
 * dt.time().in(zone).format("15:04").
 */
declare var Timezone: {
  new (name?: string): time.Location
}

/** A field validation error, e.g. new ValidationError("validation_required", "Cannot be blank."). */
declare var ValidationError: {
  new (code?: string, message?: string): validation.Error
}

/** An HTTP cookie for e.setCookie(). */
declare var Cookie: {
  new (data?: { name?: string; value?: string; path?: string; domain?: string; expires?: any; maxAge?: number; secure?: boolean; httpOnly?: boolean; sameSite?: number; [key: string]: any }): http.Cookie
}

/** A realtime message ({name, data}); data is a JSON string (or a value, sent as JSON). */
declare var SubscriptionMessage: {
  new (message?: { name?: string; data?: any }): realtime.Message
}

type Context = context.Context
/**
 * A Go context.Context for Go APIs that take one: new Context() is empty,
 * new Context(parent, key, value) adds a value read back with ctx.value(key)
 * (by it and the contexts made from it).
 */
declare var Context: {
  new (parent?: context.Context | null, key?: any, value?: any): context.Context
}

type FormData = bindings.FormData
/**
 * A multipart form like the browser's: append(key, value) text or a file
 * from $filesystem; as the body of $http.send it is sent as multipart/form-data.
 */
declare var FormData: {
  new (): bindings.FormData
}

type RecordUpsertForm = bindings.RecordUpsertForm
/**
 * Loads client-style data into a record and saves it with the checks of
 * the records API (hidden fields, passwordConfirm/oldPassword for auth
 * records): form.load(data); form.submit().
 */
declare var RecordUpsertForm: {
  new (app: core.App, record: core.Record): bindings.RecordUpsertForm
}

/**
 * A console command (cobra). hookbase's CLI does not load commands from
 * JS (there is no $app.rootCmd): a Command can be built and inspected but
 * is never run.
 */
interface Command {
  use: string
  aliases: Array<string>
  short: string
  long: string
  example: string
  hidden: boolean
  run: ((cmd: Command, args: Array<string>) => void) | null
  addCommand(...cmds: Array<Command>): void
  commands(): Array<Command>
  [key: string]: any
}
declare var Command: {
  new (options?: { use?: string; aliases?: Array<string>; short?: string; long?: string; example?: string; hidden?: boolean; run?: (cmd: Command, args: Array<string>) => void; [key: string]: any }): Command
}

/**
 * A nullable text column in a DynamicModel shape: reads as null or the
 * value. A non-null value is a Go pointer, so compare it with == (not ===)
 * and test booleans with == true rather than by truthiness.
 */
declare function nullString(): string | null
/** A nullable integer column in a DynamicModel shape: reads as a number or null. */
declare function nullInt(): number | null
/** A nullable real column in a DynamicModel shape: reads as a number or null. */
declare function nullFloat(): number | null
/** A nullable boolean column in a DynamicModel shape: reads as a boolean or null. */
declare function nullBool(): boolean | null
/** A nullable JSON array column in a DynamicModel shape: reads as an array or null. */
declare function nullArray(): Array<any> | null
/** A nullable JSON object column in a DynamicModel shape: reads as an object or null. */
declare function nullObject(): { [key: string]: any } | null

/** A JS middleware with a priority (lower runs first) and an id. */
declare class Middleware {
  constructor(fn: RouteHandler, priority?: number, id?: string)
}

/**
 * An API error answered as {status, message, data}. Like PocketBase's, the
 * error classes work with or without new: throw ForbiddenError("…").
 */
declare var ApiError: {
  new (status?: number, message?: string, data?: any): router.ApiError
  (status?: number, message?: string, data?: any): router.ApiError
}
/** An ApiError class with a fixed status, callable with or without new. */
interface ApiErrorClass {
  new (message?: string, data?: any): router.ApiError
  (message?: string, data?: any): router.ApiError
}
/** 400 */
declare var BadRequestError: ApiErrorClass
/** 404 */
declare var NotFoundError: ApiErrorClass
/** 403 */
declare var ForbiddenError: ApiErrorClass
/** 401 */
declare var UnauthorizedError: ApiErrorClass
/** 429 */
declare var TooManyRequestsError: ApiErrorClass
/** 500 */
declare var InternalServerError: ApiErrorClass

// ---------------------------------------------------------------------------
// Namespaced helpers
// ---------------------------------------------------------------------------

/** Route middlewares and response helpers. */
declare var $apis: {
  /** Requires an auth record (of one of collections, when given). */
  requireAuth(...collections: Array<string>): core.Middleware
  /** Requires a superuser. */
  requireSuperuserAuth(): core.Middleware
  /** Requires a superuser or the auth record whose id is the path param (default "id"). */
  requireSuperuserOrOwnerAuth(ownerIdPathParam?: string): core.Middleware
  /** Requires no auth. */
  requireGuestOnly(): core.Middleware
  /** Limits the request body to bytes. */
  bodyLimit(bytes: number): core.Middleware
  /** Gzips the response. */
  gzip(): core.Middleware
  /** Skips the activity log of successful requests. */
  skipSuccessActivityLog(): core.Middleware
  /** A handler serving the files of dir (with an index.html fallback). */
  static(dir: string, indexFallback?: boolean): any
  /** Answers {token, record, meta} for record, as the auth APIs do. */
  recordAuthResponse(e: core.RequestEvent, record: core.Record, authMethod: string, meta?: any): void
  /** Prepares record for the client (hidden fields, expand, onRecordEnrich). */
  enrichRecord(e: core.RequestEvent, record: core.Record, ...expands: Array<string>): void
  /** enrichRecord for several records. */
  enrichRecords(e: core.RequestEvent, records: Array<core.Record>, ...expands: Array<string>): void
}

/** Operating system helpers (Go's os package). */
declare var $os: {
  getenv(key: string): string
  lookupEnv(key: string): [string, boolean]
  readFile(name: string): Array<number>
  writeFile(name: string, data: Array<number> | string, perm?: number): void
  readDir(name: string): Array<fs.DirEntry>
  mkdir(name: string, perm: number): void
  mkdirAll(path: string, perm: number): void
  remove(name: string): void
  removeAll(path: string): void
  rename(oldpath: string, newpath: string): void
  stat(name: string): fs.FileInfo
  lstat(name: string): fs.FileInfo
  tempDir(): string
  getwd(): string
  hostname(): string
  truncate(name: string, size: number): void
  open(name: string): os.File
  create(name: string): os.File
  args: Array<string>
  environ(): Array<string>
  exit(code: number): void
  /** An external command (run it with .output() or .run()). */
  cmd(name: string, ...args: Array<string>): exec.Cmd
}

/** Path helpers (Go's path/filepath package). */
declare var $filepath: {
  base(path: string): string
  clean(path: string): string
  dir(path: string): string
  ext(path: string): string
  join(...elem: Array<string>): string
  rel(basepath: string, targpath: string): string
  abs(path: string): string
  isAbs(path: string): boolean
  match(pattern: string, name: string): boolean
  split(path: string): [string, string]
  splitList(path: string): Array<string>
  glob(pattern: string): Array<string>
  toSlash(path: string): string
  fromSlash(path: string): string
  volumeName(path: string): string
  evalSymlinks(path: string): string
  separator: string
}

/** Randomness, hashes, JWTs and encryption. */
declare var $security: {
  randomString(length: number): string
  randomStringWithAlphabet(length: number, alphabet: string): string
  pseudorandomString(length: number): string
  pseudorandomStringWithAlphabet(length: number, alphabet: string): string
  randomStringByRegex(pattern: string): string
  md5(text: string): string
  sha256(text: string): string
  sha512(text: string): string
  hs256(text: string, secret: string): string
  hs512(text: string, secret: string): string
  equal(hash1: string, hash2: string): boolean
  createJWT(payload: { [key: string]: any }, signingKey: string, secDuration: number): string
  parseJWT(token: string, verificationKey: string): { [key: string]: any }
  parseUnverifiedJWT(token: string): { [key: string]: any }
  encrypt(data: string, key: string): string
  decrypt(cipherText: string, key: string): string
  hashPassword(password: string): string
  checkPassword(password: string, hash: string): boolean
}

/** Builds files for file fields. */
/**
 * Files for record file fields (record.set("avatar", file), "field+" to
 * append) and storage handles. The file's name is PocketBase's stored name
 * (snake_base_<random>.<ext>); the content is read when the record is saved.
 */
declare var $filesystem: {
  fileFromPath(path: string): filesystem.File
  fileFromBytes(content: Array<number> | string, name: string): filesystem.File
  fileFromMultipart(mh: multipart.FileHeader): filesystem.File
  /** Downloads url (at most 100MB); secTimeout defaults to 120. */
  fileFromURL(url: string, secTimeout?: number): filesystem.File
  s3(bucket: string, region: string, endpoint: string, accessKey: string, secretKey: string, s3ForcePathStyle: boolean): filesystem.System
  local(dirPath: string): filesystem.System
}

/** The auth emails of a record. */
declare var $mails: {
  sendRecordVerification(app: core.App, record: core.Record): void
  sendRecordPasswordReset(app: core.App, record: core.Record): void
  sendRecordChangeEmail(app: core.App, record: core.Record, newEmail: string): void
  /** Mails the one-time password of an _otps row (its id and plain code). */
  sendRecordOTP(app: core.App, record: core.Record, otpId: string, password: string): void
  /** Mails the new-location login alert; info is escaped before use. */
  sendRecordAuthAlert(app: core.App, record: core.Record, info: string): void
}

/** A parsed html/template, rendered with data. */
interface TemplateRenderer {
  render(data?: any): string
}

/** Go html/template from files or strings. */
declare var $template: {
  loadFiles(...filenames: Array<string>): TemplateRenderer
  loadString(...texts: Array<string>): TemplateRenderer
}

/** The response of $http.send. */
interface HttpResponse {
  statusCode: number
  headers: { [key: string]: Array<string> }
  cookies: { [key: string]: http.Cookie }
  body: Array<number>
  /** @deprecated use body or json */
  raw: string
  /** The body parsed as JSON (null when it is not JSON). */
  json: any
}

/** Outgoing HTTP requests. */
declare var $http: {
  /** body: a string, bytes, a FormData (sent as multipart/form-data) or a value sent as JSON. */
  send(config: { url: string; method?: string; body?: string | Array<number> | FormData | any; headers?: { [key: string]: string }; timeout?: number }): HttpResponse
}

/** Query expressions for $app.db() and $app.recordQuery(). */
declare var $dbx: {
  exp(sql: string, params?: { [key: string]: any }): dbx.Expression
  hashExp(pairs: { [key: string]: any }): dbx.Expression
  and(...exps: Array<dbx.Expression>): dbx.Expression
  or(...exps: Array<dbx.Expression>): dbx.Expression
  not(exp: dbx.Expression): dbx.Expression
  in(col: string, ...values: Array<any>): dbx.Expression
  notIn(col: string, ...values: Array<any>): dbx.Expression
  like(col: string, ...values: Array<string>): dbx.Expression
  notLike(col: string, ...values: Array<string>): dbx.Expression
  orLike(col: string, ...values: Array<string>): dbx.Expression
  orNotLike(col: string, ...values: Array<string>): dbx.Expression
  exists(exp: dbx.Expression): dbx.Expression
  notExists(exp: dbx.Expression): dbx.Expression
  between(col: string, from: any, to: any): dbx.Expression
  notBetween(col: string, from: any, to: any): dbx.Expression
  isNull(col: string): dbx.Expression
}

// ---------------------------------------------------------------------------
// Hooks: each handler gets the event e and must call e.next() to continue.
// Tags (when accepted) limit a hook to the named collections.
// ---------------------------------------------------------------------------
{{HOOKS}}`
