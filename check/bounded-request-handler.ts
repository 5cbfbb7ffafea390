/**
 * The SDK's Node HTTP handler with two bounds it lacks: a whole-request timeout (its `requestTimeout`
 * stops counting once the headers arrive, so a body trickling in at 1 byte/s holds a request for ever) and a
 * cap on the size of an answer's body.
 */
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Readable, Transform } from "node:stream";

/** The largest answer body taken: no real SES answer comes near (a full List page is ~150 KiB). */
export const MAX_RESPONSE_BYTES = 8 * 2 ** 20;

/** A request that took longer than the whole-request timeout; the SDK retries it like its own timeouts. */
export class WholeRequestTimeoutError extends Error {
    /** Kept as the SDK names its timeouts, so its retry logic treats this one alike. */
    readonly code = "ETIMEDOUT";

    /** `ms`: the timeout that passed. */
    constructor(ms: number) {
        super(`the request (body included) took longer than ${ms} ms`);
        this.name = "TimeoutError";
    }
}

/** An answer whose body outgrew {@link MAX_RESPONSE_BYTES}. */
export class ResponseTooLargeError extends Error {
    constructor() {
        super(`the answer's body exceeded ${MAX_RESPONSE_BYTES / 2 ** 20} MiB, which no SES answer reaches`);
        this.name = "ResponseTooLargeError";
    }
}

type HandleArgs = Parameters<NodeHttpHandler["handle"]>;

/** NodeHttpHandler bounding every request as a whole (`wholeMs`) and every body (`maxBytes`). */
export class BoundedRequestHandler extends NodeHttpHandler {
    constructor(
        options: ConstructorParameters<typeof NodeHttpHandler>[0],
        private readonly wholeMs: number,
        private readonly maxBytes = MAX_RESPONSE_BYTES,
    ) {
        super(options);
    }

    /** Sends one request; rejects with WholeRequestTimeoutError when it (or its body) outlasts `wholeMs`. */
    override async handle(request: HandleArgs[0], options: HandleArgs[1] = {}): ReturnType<NodeHttpHandler["handle"]> {
        const timer = new AbortController();
        const timeout = setTimeout(() => timer.abort(new WholeRequestTimeoutError(this.wholeMs)), this.wholeMs);
        const outer = options.abortSignal as AbortSignal | undefined;
        const signal = outer ? AbortSignal.any([outer, timer.signal]) : timer.signal;
        try {
            const out = await super.handle(request, { ...options, abortSignal: signal });
            const body = out.response.body as Readable | undefined;
            if (body instanceof Readable) out.response.body = this.guard(body, timer.signal, () => clearTimeout(timeout));
            else clearTimeout(timeout);
            return out;
        } catch (err) {
            clearTimeout(timeout);
            throw timer.signal.aborted ? timer.signal.reason : err;
        }
    }

    /** The body passed through a size check that also ends it when the whole-request timeout fires. */
    private guard(body: Readable, timedOut: AbortSignal, done: () => void): Readable {
        let size = 0;
        const maxBytes = this.maxBytes;
        const guarded = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
                size += chunk.length;
                callback(size > maxBytes ? new ResponseTooLargeError() : null, chunk);
            },
        });
        const stop = () => guarded.destroy(timedOut.reason as Error);
        if (timedOut.aborted) stop();
        timedOut.addEventListener("abort", stop, { once: true });
        guarded.on("close", () => {
            timedOut.removeEventListener("abort", stop);
            if (!body.readableEnded) body.destroy();
            done();
        });
        body.on("error", (e) => guarded.destroy(e));
        body.pipe(guarded);
        return guarded;
    }
}
