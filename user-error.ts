/**
 * The one base class of failures that are the user's to fix: a bad flag, file, directory, program, pack, config
 * or stack export. Every layer throws its own subclass; the command shows any of them as one message, without a
 * stack trace, and exits 2. Anything else that escapes is a bug in ses-guard.
 */
export class UserError extends Error {
    /** `message` says which input, what is wrong with it and what to do. */
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
    }
}
