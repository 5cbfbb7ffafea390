import { UserError } from "../user-error";

/** The check cannot start as configured: no region to ask, a resolver address that is not one. */
export class CheckSetupError extends UserError {}
