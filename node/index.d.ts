/**
 * botika: the SDK for Botika's WhatsApp Business API.
 *
 * Results are plain objects with camelCase fields; each keeps the API's JSON in `raw`. Request
 * parts nested inside messages, templates and broadcasts are typed in camelCase; the package
 * also accepts them in the wire's snake_case (keys are converted, values never are). Every
 * method returns a Promise and takes per-call options last.
 */

/// <reference types="node" />

/** The SDK's version, also sent in the `User-Agent` (`botika-node/<version>`). */
export declare const VERSION: string;

// ---------------------------------------------------------------------------------------------
// Options

/** Per-call options, the last argument of every method. */
export interface CallOptions {
  /** Total time allowed for one attempt, in milliseconds. */
  timeoutMs?: number;
  /** How many times a failed call may be retried (0 disables retries). */
  maxRetries?: number;
  /** Headers added to the request (they override the client's of the same name). */
  extraHeaders?: Record<string, string>;
  /**
   * Retry a send (`POST /messages`, `POST /broadcasts`) after a timeout or a 5xx too. This can
   * deliver a message twice; off by default.
   */
  retryUnsafeSends?: boolean;
  /** Cancels the call: the request is dropped and the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** The retry policy's timings. */
export interface RetrySettings {
  /** The first backoff's ceiling (full jitter; it doubles per retry). Default 500. */
  baseDelayMs?: number;
  /** The longest backoff. Default 8000. */
  maxDelayMs?: number;
  /** The longest `Retry-After` waited for; a longer one fails at once. Default 60000. */
  retryAfterCapMs?: number;
}

/** `new Client(options)`. */
export interface ClientOptions {
  /** The API token; default `BOTIKA_API_TOKEN`. */
  token?: string;
  /** The base URL; default `BOTIKA_BASE_URL`, else Botika's production URL. */
  baseUrl?: string;
  /** Total time allowed for one attempt, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Time allowed to connect, in milliseconds. Default 10000. */
  connectTimeoutMs?: number;
  /** How many times a failed call may be retried. Default 2. */
  maxRetries?: number;
  /** The retry policy's timings. */
  retry?: RetrySettings;
  /** Headers sent on every request. */
  headers?: Record<string, string>;
  /** At most this many `POST /messages` per second, shared by every call of the client. */
  rateLimit?: number;
  /** A product token put before `botika-node/<version>` in the `User-Agent`. */
  userAgent?: string;
  /** Options every call gets unless it overrides them. */
  defaultOptions?: Omit<CallOptions, 'signal'>;
  /** Called before every retry (for logs and metrics); it cannot stop the retry. */
  onRetry?: (event: RetryEvent) => void;
}

/** What `onRetry` is told before a retry. */
export interface RetryEvent {
  /** The attempt that failed, from 1 (the retry about to happen is `attempt + 1`). */
  attempt: number;
  method: string;
  path: string;
  /** The failed attempt's error code. */
  code: ErrorCode;
  status: number | null;
  /** How long the client waits before the retry. */
  delayMs: number;
}

// ---------------------------------------------------------------------------------------------
// The client

/** A client for Botika's WhatsApp Business API. Cheap to keep; make one and share it. */
export declare class Client {
  constructor(options?: ClientOptions);
  /** The base URL every path is appended to. */
  readonly baseUrl: string;
  readonly messages: Messages;
  readonly media: Media;
  readonly templates: Templates;
  readonly broadcasts: Broadcasts;
  readonly profile: ProfileResource;
  /**
   * Any endpoint, with the client's auth, retries and timeouts. A `POST` is a send (retried
   * only when it provably never reached the API) unless `idempotent` is true.
   */
  request(method: string, path: string, request?: RawRequest, options?: CallOptions): Promise<RawResponse>;
}

/** The body and query of `client.request`. */
export interface RawRequest {
  /** Sent as JSON, exactly. */
  json?: unknown;
  /** An array value repeats the name; `undefined` and `null` values are left out. */
  query?: Record<string, string | number | boolean | null | undefined | Array<string | number | boolean>>
    | URLSearchParams;
  /** Whether repeating the request is harmless (decides how it is retried). */
  idempotent?: boolean;
}

/** A 2xx answer of `client.request`. */
export interface RawResponse {
  status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  /** The body as JSON; `null` when it is empty or not JSON. */
  json: unknown;
  /** The `X-Request-Id` header. */
  requestId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** A media file by the id of an upload, or by an http(s) link: exactly one of the two. */
export type MediaRef = { id: string; link?: never } | { link: string; id?: never };

/** `mediaId` (an upload's id) or `link` (an http(s) URL): exactly one of the two. */
export type MediaSource = { mediaId: string; link?: never } | { link: string; mediaId?: never };

/** Fields every `send*` method takes. */
export interface SendCommon {
  /** The recipient, with its country code: `+62 812-3456-7890`, `6281234567890`, ... */
  to: string;
  /** The id of the message this one replies to. */
  replyTo?: string;
  /** Top-level fields the SDK does not model, sent exactly as given. */
  extra?: Record<string, unknown>;
}

export interface SendText extends SendCommon {
  /** 1 to 4096 characters. */
  body: string;
  /** Ask WhatsApp to preview the first URL in `body`. */
  previewUrl?: boolean;
}
export type SendImage = SendCommon & MediaSource & { caption?: string };
export type SendVideo = SendCommon & MediaSource & { caption?: string };
export type SendAudio = SendCommon & MediaSource;
export type SendDocument = SendCommon & MediaSource & { caption?: string; filename?: string };
export type SendSticker = SendCommon & MediaSource;
export interface SendLocation extends SendCommon {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}
export interface ContactCard {
  name: string;
  phone: string;
}
export interface SendContacts extends SendCommon {
  /** At least one. */
  contacts: ContactCard[];
}
export interface SendReaction {
  to: string;
  /** The message reacted to. */
  messageId: string;
  /** The emoji; an empty string removes the reaction. */
  emoji: string;
  extra?: Record<string, unknown>;
}
export interface SendInteractive extends SendCommon {
  interactive: Interactive;
}
export interface SendTemplate extends SendCommon {
  /** The template's name. */
  name: string;
  /** The template's language code, as the list shows it (`id`, `en_US`). */
  language: string;
  /** The values of the template's variables, header and buttons. */
  param?: TemplateParam;
}

/** The header of an interactive message or a template send. */
export type MediaHeader =
  | { type: 'text'; text: string }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'document'; document: MediaRef };

export interface InteractiveText {
  text: string;
}
export interface ReplyButton {
  type: 'reply';
  /** At most 20 characters, unique in the message. */
  reply: { id: string; title: string };
}
export interface ButtonInteractive {
  type: 'button';
  header?: MediaHeader;
  body: InteractiveText;
  footer?: InteractiveText;
  /** 1 to 3 buttons. */
  action: { buttons: ReplyButton[] };
}
export interface ListRow {
  id: string;
  /** At most 24 characters. */
  title: string;
  /** At most 72 characters. */
  description?: string;
}
export interface ListInteractive {
  type: 'list';
  header?: { type: 'text'; text: string };
  body: InteractiveText;
  footer?: InteractiveText;
  /** `button` is the label that opens the list; 1 to 10 sections, at most 10 rows in all. */
  action: { button: string; sections: Array<{ title?: string; rows: ListRow[] }> };
}
export interface ProductInteractive {
  type: 'product';
  body?: InteractiveText;
  footer?: InteractiveText;
  action: { catalogId: string; productRetailerId: string };
}
export interface ProductListInteractive {
  type: 'product_list';
  header: { type: 'text'; text: string };
  body: InteractiveText;
  footer?: InteractiveText;
  action: {
    catalogId: string;
    sections: Array<{ title: string; productItems: Array<{ productRetailerId: string }> }>;
  };
}
/** An interactive message (contract 4.1). */
export type Interactive = ButtonInteractive | ListInteractive | ProductInteractive | ProductListInteractive;

/** A template's button value, in the template's button order. */
export interface TemplateButtonParam {
  type: 'QUICK_REPLY' | 'URL' | 'COPY_CODE';
  value: string;
}
/** The values a template send fills in (contract 4.2). */
export interface TemplateParam {
  /** The header; a one-element array is accepted too (broadcasts send it as one). */
  header?: MediaHeader | MediaHeader[];
  /** The values of `{{1}}`, `{{2}}`, ... in order. */
  body?: string[];
  button?: TemplateButtonParam[];
  /** Unix time in milliseconds. */
  limitedTimeOffer?: { expirationTime: number };
}
/** A template message's object. */
export interface TemplateMessage {
  name: string;
  language: string;
  param?: TemplateParam;
}

/** A message in its wire shape, for `messages.send(to, message)`. */
export type OutgoingMessage = (
  | { type: 'text'; text: { body: string; previewUrl?: boolean } }
  | { type: 'image'; image: MediaRef & { caption?: string } }
  | { type: 'video'; video: MediaRef & { caption?: string } }
  | { type: 'audio'; audio: MediaRef }
  | { type: 'document'; document: MediaRef & { caption?: string; filename?: string } }
  | { type: 'sticker'; sticker: MediaRef }
  | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: 'contacts'; contacts: ContactCard[] }
  | { type: 'reaction'; reaction: { id: string; emoji: string } }
  | { type: 'interactive'; interactive: Interactive }
  | { type: 'template'; template: TemplateMessage }
) & {
  /** The id of the message this one replies to (not on reactions). */
  replyTo?: string;
  /** Top-level fields the SDK does not model, sent exactly as given. */
  extra?: Record<string, unknown>;
};

/** The answer to a send. */
export interface SentMessage {
  /** The new message's id (empty if the API sent none: see `raw`). */
  id: string;
  raw: unknown;
}

// ---------------------------------------------------------------------------------------------
// Bulk sends

/** How a bulk job runs, and who hears of its outcomes. */
export interface BulkSettings {
  /** Most sends under way at once. Default 16. */
  concurrency?: number;
  /** How many 429s one recipient may get (each puts it back in the queue) before it fails. Default 10. */
  maxRateLimitRequeues?: number;
  /**
   * The longest `Retry-After` the job pauses for, in milliseconds; a longer one stops the job
   * (recipients not yet tried end as `notAttempted`). Default 60000.
   */
  maxPauseMs?: number;
  /**
   * Called with each outcome as it finishes (in batches, never once per network answer), and the
   * job's counters then, which already include it. What it returns is ignored; a throw is a
   * process warning and the job goes on.
   */
  onProgress?: (outcome: BulkOutcome, counts: BulkCounts) => void;
}

/** One message to many `recipients`, or `items` that each carry their own message. */
export type BulkRequest = BulkSettings & (
  | { recipients: string[]; message: OutgoingMessage; items?: never }
  | { items: Array<{ to: string; message: OutgoingMessage }>; recipients?: never; message?: never }
);

/**
 * Where a recipient ended up: `sent` (accepted, with its `id`), `failed` (certainly not
 * delivered), `unknown` (the send failed after it may have reached the API: check before sending
 * again) or `notAttempted` (the job stopped before trying it).
 */
export type BulkStatus = 'sent' | 'failed' | 'unknown' | 'notAttempted';

/** One recipient's result. */
export type BulkOutcome =
  | { index: number; to: string; status: 'sent'; id: string; error: null }
  | { index: number; to: string; status: Exclude<BulkStatus, 'sent'>; id: null; error: BotikaError };

/** A job's counters: outcomes so far by status, and what is happening now. */
export interface BulkCounts {
  total: number;
  sent: number;
  failed: number;
  unknown: number;
  notAttempted: number;
  /** Sends under way (including the wait for the client's rate limit). */
  inFlight: number;
  /** 429 answers received (each paused the job). */
  rateLimited: number;
}

/** The end of a bulk job. */
export interface BulkReport {
  /** One per recipient: `outcomes[i]` belongs to the i-th recipient or item. */
  outcomes: BulkOutcome[];
  counts: BulkCounts;
}

/** A bulk send under way (`messages.startBulk`). */
export interface BulkJob extends AsyncIterable<BulkOutcome> {
  /** The report, once every recipient has its outcome (also after a cancel). */
  readonly done: Promise<BulkReport>;
  /** The counters right now. */
  progress(): BulkCounts;
  /** Stops starting sends; the ones under way finish, the rest end as `notAttempted`. */
  cancel(): void;
  /**
   * Every outcome in the order they finish, from the first, whenever the iteration starts.
   * Leaving the loop does not cancel the job.
   */
  [Symbol.asyncIterator](): AsyncGenerator<BulkOutcome, void, undefined>;
}

/** `client.messages`: every message type, raw JSON, mark as read. */
export interface Messages {
  send(to: string, message: OutgoingMessage, options?: CallOptions): Promise<SentMessage>;
  /** A body sent exactly as given; only `to` is checked. */
  sendJson(body: Record<string, unknown>, options?: CallOptions): Promise<SentMessage>;
  sendText(message: SendText, options?: CallOptions): Promise<SentMessage>;
  sendImage(message: SendImage, options?: CallOptions): Promise<SentMessage>;
  sendVideo(message: SendVideo, options?: CallOptions): Promise<SentMessage>;
  sendAudio(message: SendAudio, options?: CallOptions): Promise<SentMessage>;
  sendDocument(message: SendDocument, options?: CallOptions): Promise<SentMessage>;
  sendSticker(message: SendSticker, options?: CallOptions): Promise<SentMessage>;
  sendLocation(message: SendLocation, options?: CallOptions): Promise<SentMessage>;
  sendContacts(message: SendContacts, options?: CallOptions): Promise<SentMessage>;
  sendReaction(message: SendReaction, options?: CallOptions): Promise<SentMessage>;
  sendInteractive(message: SendInteractive, options?: CallOptions): Promise<SentMessage>;
  sendTemplate(message: SendTemplate, options?: CallOptions): Promise<SentMessage>;
  /** Marks an inbound message as read; an unknown (or outbound) id is a `NotFoundError`. */
  markRead(messageId: string, options?: CallOptions): Promise<void>;
  /**
   * Sends to every recipient (or item) and resolves with one outcome per recipient, in input
   * order. Problems with a recipient or its message are its outcome; only a malformed request
   * rejects. `options.signal` cancels the job, and the promise still resolves with the report.
   */
  sendBulk(request: BulkRequest, options?: CallOptions): Promise<BulkReport>;
  /** Starts the same job as `sendBulk` and answers it at once, to follow or cancel it. */
  startBulk(request: BulkRequest, options?: CallOptions): BulkJob;
}

// ---------------------------------------------------------------------------------------------
// Media

export type MediaKind = 'audio' | 'document' | 'image' | 'sticker' | 'video';

/** How to upload; everything is detected when absent. */
export interface UploadSettings {
  /** Upload as this kind instead of the one the MIME type suggests. */
  kind?: MediaKind;
  /** Send this MIME type instead of the detected one. */
  mimeType?: string;
  /** Send this file name (a Buffer or stream otherwise gets `<kind>.<extension>`). */
  filename?: string;
  /** Refuse, before sending, a file that breaks Botika's media table. Default true. */
  check?: boolean;
}

/** What `media.upload` accepts: a path, a `file:` URL, bytes, or a readable stream. */
export type UploadSource = string | URL | Uint8Array | AsyncIterable<Uint8Array | string>;

export interface UploadedMedia {
  /** The media id, for `mediaId` in a send. */
  id: string;
  kind: MediaKind;
  mimeType: string;
  /** Bytes. */
  size: number;
  filename: string;
  raw: unknown;
}
/** `client.media.downloadWithInfo(id)`: a file in memory and what the server said of it. */
export interface DownloadedMedia {
  bytes: Buffer;
  mimeType: string | null;
  filename: string | null;
  size: number;
}
export interface DownloadedFile {
  /** Where it was saved. */
  path: string;
  mimeType: string | null;
  filename: string | null;
  size: number;
}

/** `client.media`: upload, download, delete. */
export interface Media {
  upload(source: UploadSource, upload?: UploadSettings, options?: CallOptions): Promise<UploadedMedia>;
  /** Downloads a file into memory: its bytes (`downloadWithInfo` adds its type and name). */
  download(id: string, options?: CallOptions): Promise<Buffer>;
  /** Downloads a file into memory with the MIME type and file name the server gave. */
  downloadWithInfo(id: string, options?: CallOptions): Promise<DownloadedMedia>;
  /** Downloads a file straight to `path`, never leaving a partial file there. */
  downloadTo(id: string, path: string | URL, options?: CallOptions): Promise<DownloadedFile>;
  delete(id: string, options?: CallOptions): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Templates

export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | (string & {});
export type TemplateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED' | (string & {});

export interface TemplateButton {
  type?: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | (string & {});
  text?: string;
  url?: string;
  phoneNumber?: string;
  example?: unknown;
  [field: string]: unknown;
}
/** A template component in Meta's schema (keys in camelCase; snake_case is accepted too). */
export type TemplateComponent =
  | { type: 'HEADER'; format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'; text?: string; example?: unknown;
    [field: string]: unknown }
  | { type: 'BODY'; text: string; example?: unknown; [field: string]: unknown }
  | { type: 'FOOTER'; text: string; [field: string]: unknown }
  | { type: 'BUTTONS'; buttons: TemplateButton[]; [field: string]: unknown }
  | { type: 'LIMITED_TIME_OFFER'; limitedTimeOffer: { text?: string; hasExpiration?: boolean };
    [field: string]: unknown };

export interface MessageTemplate {
  id: string;
  name: string;
  language: string;
  category: TemplateCategory | null;
  status: TemplateStatus | null;
  components: Array<TemplateComponent | Record<string, unknown>>;
  rejectedReason: string | null;
  createdAt: string | null;
  raw: unknown;
}
export interface TemplatePage {
  templates: MessageTemplate[];
  currentPage: number;
  /** `null` on the last page. */
  nextPage: number | null;
  raw: unknown;
}
export interface NewTemplate {
  /** Lowercase letters, digits and `_`, at most 512 characters. */
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  components: TemplateComponent[];
}
export interface TemplateUpdate {
  category?: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  components?: TemplateComponent[];
}

/** `client.templates`: list, find, get, create, update, delete. */
export interface Templates {
  /** Every template (matching `search`), fetched page by page as the iteration reaches them. */
  list(filter?: { search?: string }, options?: CallOptions): AsyncGenerator<MessageTemplate, void, undefined>;
  /** One page, numbered from 1. */
  listPage(page: number, filter?: { search?: string }, options?: CallOptions): Promise<TemplatePage>;
  /** The template named `name` in `language`, or `null`. */
  find(name: string, language: string, options?: CallOptions): Promise<MessageTemplate | null>;
  get(id: string | number, options?: CallOptions): Promise<MessageTemplate>;
  create(template: NewTemplate, options?: CallOptions): Promise<MessageTemplate>;
  /** Only a `REJECTED` template can change; it goes back to `PENDING`. */
  update(id: string | number, update: TemplateUpdate, options?: CallOptions): Promise<MessageTemplate>;
  /** Deletes every language of the template `name`. */
  delete(name: string, options?: CallOptions): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Broadcasts

/** A broadcast: phone numbers with `type: 'contact'`, label ids with `type: 'label'`. */
export type BroadcastRequest = (
  | { type: 'contact'; to: string[] }
  | { type: 'label'; to: number[] }
) & {
  /** Shown in Botika's dashboard. */
  name: string;
  template: TemplateMessage;
  /** Top-level fields the SDK does not model, sent exactly as given. */
  extra?: Record<string, unknown>;
};

export interface BroadcastCreated {
  id: string;
  name: string;
  type: string;
  totalRecipients: number;
  /** `queued`. */
  status: string;
  raw: unknown;
}
export interface LatestBroadcast {
  hasBroadcast: boolean;
  messageId: string | null;
  /** What was sent, exactly as the API gave it; `null` without a broadcast. */
  content: { from: string | null; type: string | null; content: unknown } | null;
  messageCreatedAt: string | null;
  latestStatus: string | null;
  raw: unknown;
}

/** `client.broadcasts`. */
export interface Broadcasts {
  send(broadcast: BroadcastRequest, options?: CallOptions): Promise<BroadcastCreated>;
  /** Today's latest broadcast message to `to`. */
  latest(to: string, options?: CallOptions): Promise<LatestBroadcast>;
}

// ---------------------------------------------------------------------------------------------
// Profile

export interface Profile {
  about: string | null;
  address: string | null;
  description: string | null;
  email: string | null;
  vertical: string | null;
  websites: string[];
  profilePictureUrl: string | null;
  /** Fields this SDK does not know, as received. */
  extra: Record<string, unknown>;
  raw: unknown;
}

/** `client.profile`. */
export interface ProfileResource {
  get(options?: CallOptions): Promise<Profile>;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

export interface WebhookMetadata {
  accountId?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
}
export interface InboundMedia {
  id: string | null;
  link?: string;
  mimeType: string | null;
  sha256: string | null;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}
export interface InboundReply {
  id: string;
  title: string;
  description?: string;
}
interface InboundBase {
  event: 'message';
  id: string;
  /** The customer's WhatsApp id (digits). */
  from: string;
  /** Unix seconds. */
  timestamp: number | null;
  profileName: string | null;
  context: { messageId: string | null; from: string | null; forwarded: boolean } | null;
  metadata?: WebhookMetadata;
  raw: unknown;
}
/** A customer's message; its content sits under the camelCase of its `type`. */
export type InboundMessage = InboundBase & (
  | { type: 'text'; text: { body: string } }
  | { type: 'image'; image: InboundMedia }
  | { type: 'video'; video: InboundMedia }
  | { type: 'audio'; audio: InboundMedia }
  | { type: 'document'; document: InboundMedia }
  | { type: 'sticker'; sticker: InboundMedia }
  | { type: 'location'; location: { latitude: number | null; longitude: number | null; name: string | null;
    address: string | null; url?: string } }
  | { type: 'contacts'; contacts: Array<{ name: string | null; phones: string[]; raw: unknown }> }
  | { type: 'button_reply'; buttonReply: InboundReply }
  | { type: 'list_reply'; listReply: InboundReply }
  | { type: 'button'; button: { text: string; payload: string | null } }
  | { type: 'reaction'; reaction: { messageId: string; emoji: string | null } }
);
export interface StatusEvent {
  event: 'status';
  messageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | (string & {});
  recipient: string | null;
  timestamp: number | null;
  errors: Array<{ code: number | null; title: string | null; message: string | null; details: string | null;
    raw: unknown }>;
  metadata?: WebhookMetadata;
  raw: unknown;
}
export interface TemplateStatusEvent {
  event: 'template_status';
  status: string;
  templateId: string | null;
  templateName: string | null;
  language: string | null;
  reason: string | null;
  metadata?: WebhookMetadata;
  raw: unknown;
}
export interface UnknownEvent {
  event: 'unknown';
  field: string | null;
  raw: unknown;
}
export type WebhookEvent = InboundMessage | StatusEvent | TemplateStatusEvent | UnknownEvent;
export interface WebhookPayload {
  envelope: 'cloud' | 'flat';
  object: string | null;
  events: WebhookEvent[];
  raw: unknown;
}

/** What a webhook handler receives as the body, exactly as sent. */
export type RawBody = Buffer | Uint8Array | string;

export declare namespace webhooks {
  /** `X-Hub-Signature-256`. */
  const SIGNATURE_HEADER: string;
  /** The events of one delivery; a `DecodeError` when the body is not a JSON object. */
  function parse(rawBody: RawBody): WebhookPayload;
  /** Throws an `InvalidArgumentError` when the signature is missing or wrong. */
  function verifySignature(rawBody: RawBody, header: string | string[] | undefined | null, secret: string): void;
  /** `verifySignature`, then `parse`. */
  function verifyAndParse(rawBody: RawBody, header: string | string[] | undefined | null,
    secret: string): WebhookPayload;
  /** The challenge to answer the handshake with, or `null` (answer 403). */
  function verifyChallenge(query: string | URLSearchParams | Record<string, unknown>,
    verifyToken: string): string | null;
}

// ---------------------------------------------------------------------------------------------
// The testing kit

export interface SandboxOptions {
  /** The port on 127.0.0.1; a free one by default. */
  port?: number;
  /** The token it accepts; default `sandbox-token`. */
  token?: string;
  /** Where webhooks go (none: only logged). */
  webhookUrl?: string;
  /** Signs webhooks (`X-Hub-Signature-256`). */
  webhookSecret?: string;
  envelope?: 'cloud' | 'flat';
  webhookRetry?: { attempts?: number; backoffMs?: number; maxBackoffMs?: number; timeoutMs?: number };
  /** When an outbound message's statuses arrive, in milliseconds after it was accepted. */
  statusScheduleMs?: { sent: number; delivered: number; read: number };
  /** How long a new template stays `PENDING`. */
  reviewDelayMs?: number;
  /** Enforce WhatsApp's customer-service window (24 hours unless `serviceWindowMs` says otherwise). */
  serviceWindow?: boolean;
  /**
   * The customer-service window's length; giving it turns the window on. A short one (`1000`)
   * lets a test see free-form messages fail with 131047 once it closes.
   */
  serviceWindowMs?: number;
  /** Label id -> its phone numbers, for broadcasts of type `label`. */
  labels?: Record<number, string[]>;
  /** Keep the state in this file across restarts. */
  stateFile?: string;
  /** Log one line per request to stderr. */
  logRequests?: boolean;
}

/** A customer's message for `sandbox.inbound`. */
export type InboundMessageRequest = {
  from: string;
  type: string;
  name?: string;
  context?: { id: string };
} & Record<string, unknown>;

export interface FaultSpec {
  kind: 'latency' | 'error' | 'rate_limit' | 'drop_before' | 'drop_after' | 'malformed';
  /** Exact (`/messages`) or a prefix ending in `*` (`/media/*`); every path by default. */
  path?: string;
  method?: string;
  /** Fires on the next `count` matching requests only. */
  count?: number;
  /** Fires on this fraction of matching requests. */
  rate?: number;
  latencyMs?: number;
  /** 500 to 599, or 401, 403 or 404. */
  status?: number;
  /** Seconds. */
  retryAfter?: number;
}

/** A message the sandbox stored; `content` is the request body exactly as sent. */
export interface SandboxMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  to?: string;
  from?: string;
  waId: string;
  type: string;
  content: unknown;
  status: string;
  statuses: Array<{ status: string; at: string }>;
  createdAt: string;
  errors?: unknown;
  broadcastId?: string;
  [field: string]: unknown;
}

/** A webhook delivery of the sandbox, with its attempts; `payload` exactly as posted. */
export interface SandboxWebhook {
  id: number;
  event: string;
  state: string;
  url: string | null;
  payload: unknown;
  attempts: unknown[];
}

export declare class Sandbox {
  private constructor();
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The API's base URL, for `new Client({ baseUrl })`. */
  readonly apiUrl: string;
  /** A token it accepts. */
  readonly token: string;
  /** A client for this sandbox. */
  client(options?: ClientOptions): Client;
  stop(): Promise<void>;
  /** A customer writes to the business; answers the new message's id. */
  inbound(message: InboundMessageRequest): string;
  messages(filter?: { to?: string; direction?: 'inbound' | 'outbound'; type?: string }): SandboxMessage[];
  sentMessages(filter?: { to?: string }): SandboxMessage[];
  message(id: string): SandboxMessage | null;
  webhookLog(): SandboxWebhook[];
  setWebhook(target: { url?: string; secret?: string; envelope?: 'cloud' | 'flat' }): void;
  /** Answers the fault's id. */
  setFault(fault: FaultSpec): number;
  faults(): Array<FaultSpec & { id: number; matched: number; fired: number }>;
  removeFault(id: number): boolean;
  clearFaults(): void;
  /** `null` lifts the limit. */
  setRateLimit(messagesPerSecond: number | null): void;
  approveTemplate(id: number | string): Record<string, unknown>;
  rejectTemplate(id: number | string, reason: string): Record<string, unknown>;
  stats(): Record<string, unknown>;
  reset(): void;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the sandbox in this process. */
export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>;

// ---------------------------------------------------------------------------------------------
// Errors

export type ErrorCode =
  | 'authentication' | 'permission' | 'not_found' | 'validation' | 'rate_limited' | 'bad_request' | 'server'
  | 'timeout' | 'connection' | 'decode' | 'invalid_argument' | 'config' | 'cancelled' | 'internal';

/** The base class of every error botika raises. */
export declare class BotikaError extends Error {
  /** The stable code (`internal` only for a bug in the SDK). */
  readonly code: ErrorCode;
  /** The HTTP status, when the API answered. */
  readonly status: number | null;
  readonly method: string | null;
  /** Below the base URL (`/messages`). */
  readonly path: string | null;
  /** Field path -> messages: the API's 422, or the SDK's own refusal. */
  readonly fieldErrors: Record<string, string[]>;
  /** The `X-Request-Id` of the response. */
  readonly requestId: string | null;
  /** The raw response body. */
  readonly body: string | null;
  /** Seconds the API asked to wait (429). */
  readonly retryAfter: number | null;
  /** A send failed after it may have reached the API: do not blindly send it again. */
  readonly mayHaveBeenSent: boolean;
}
/** 401. */
export declare class AuthenticationError extends BotikaError {}
/** 403. */
export declare class PermissionDeniedError extends BotikaError {}
/** 404. */
export declare class NotFoundError extends BotikaError {}
/** 422: see `fieldErrors`. */
export declare class ValidationError extends BotikaError {}
/** 429: see `retryAfter`. */
export declare class RateLimitError extends BotikaError {}
/** Another 4xx. */
export declare class BadRequestError extends BotikaError {}
/** 5xx. */
export declare class ServerError extends BotikaError {}
export declare class TimeoutError extends BotikaError {}
export declare class ConnectionError extends BotikaError {}
/** An answer that could not be read. */
export declare class DecodeError extends BotikaError {}
/** Refused before sending; see `fieldErrors`. */
export declare class InvalidArgumentError extends BotikaError {}
export declare class ConfigError extends BotikaError {}
/** Cancelled through the call's `AbortSignal`; `cause` is the signal's reason. */
export declare class AbortError extends BotikaError {}
