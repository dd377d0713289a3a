/**
 * ShelfError is an answer of shelf's (or of something in front of it) with
 * a status other than 2xx: 400 for bad input, with the fields at fault in
 * `details`; 401 without the credentials a route needs; 403 with
 * credentials that are not enough (a publishable key for a private route,
 * another shopper's token); 404; 405; 409 for a conflict; 413; 429 when
 * rate limited and 503 when busy, both with `retryAfter`; 500.
 */
export class ShelfError extends Error {
  override readonly name = "ShelfError";
  /** The HTTP status. */
  readonly status: number;
  /**
   * What is wrong with each field, by the field's name in the API
   * (`interaction_type`, `recommendation_id`, `currency`, ...); empty when
   * shelf named no field.
   */
  readonly details: Readonly<Record<string, string>>;
  /**
   * How many seconds to wait before trying again, when the answer said
   * (`Retry-After`, with 429 and 503).
   */
  readonly retryAfter: number | undefined;
  /** shelf's request id (`X-Request-ID`), to find the request in its log. */
  readonly requestId: string | undefined;
  /** The request that failed, such as `POST /api/interaction`. */
  readonly request: string;

  /**
   * The message is shelf's own, followed by any detail it does not already
   * say; for an answer that is not shelf's JSON error body (a proxy's
   * page, say) it names the status and what came instead.
   */
  constructor(init: {
    status: number;
    message: string;
    details?: Record<string, string> | undefined;
    retryAfter?: number | undefined;
    requestId?: string | undefined;
    request: string;
  }) {
    super(init.message);
    this.status = init.status;
    this.details = Object.freeze({ ...(init.details ?? {}) });
    this.retryAfter = init.retryAfter;
    this.requestId = init.requestId;
    this.request = init.request;
  }
}

/** How much of a non-JSON answer an error message quotes. */
const maxQuoted = 200;

/**
 * errorFromAnswer makes the ShelfError of a failed answer: shelf's
 * `{"error", "details"}` body when it is one, otherwise a message that
 * says the answer did not come from shelf's API.
 */
export function errorFromAnswer(request: string, res: Response, text: string): ShelfError {
  const retryAfter = parseRetryAfter(res.headers.get("Retry-After"));
  const requestId = res.headers.get("X-Request-ID") ?? undefined;
  const body = parseErrorBody(text);
  if (body) {
    const extra = Object.keys(body.details ?? {})
      .sort()
      .filter((k) => !body.error.includes(body.details![k]!))
      .map((k) => `; ${k}: ${body.details![k]}`)
      .join("");
    return new ShelfError({
      status: res.status,
      message: body.error + extra,
      details: body.details,
      retryAfter,
      requestId,
      request,
    });
  }
  const status = `${res.status}${res.statusText ? " " + res.statusText : ""}`;
  const type = res.headers.get("Content-Type") || "no content type";
  let message = `${request} answered ${status}, not shelf's JSON error body (${type})`;
  const quoted = text.trim();
  if (quoted !== "" && quoted.length <= maxQuoted && !/[<{]/.test(quoted)) {
    message += `: ${quoted}`;
  }
  return new ShelfError({ status: res.status, message, retryAfter, requestId, request });
}

/** parseErrorBody reads shelf's error shape, or undefined. */
function parseErrorBody(text: string): { error: string; details?: Record<string, string> } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null || typeof (v as { error?: unknown }).error !== "string") {
    return undefined;
  }
  const { error, details } = v as { error: string; details?: unknown };
  if (error === "") {
    return undefined;
  }
  if (typeof details !== "object" || details === null) {
    return { error };
  }
  const out: Record<string, string> = {};
  for (const [k, reason] of Object.entries(details)) {
    out[k] = String(reason);
  }
  return { error, details: out };
}

/**
 * parseRetryAfter reads a Retry-After header: seconds (what shelf sends)
 * or an HTTP date.
 */
function parseRetryAfter(h: string | null): number | undefined {
  if (h === null || h.trim() === "") {
    return undefined;
  }
  if (/^\d+$/.test(h.trim())) {
    return Number(h.trim());
  }
  const when = Date.parse(h);
  return Number.isNaN(when) ? undefined : Math.max(0, Math.ceil((when - Date.now()) / 1000));
}
