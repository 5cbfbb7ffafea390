/**
 * A stack as the policies see it, built from the `PolicyResource`s of an AnalyzeStack request once for all the
 * stack policies of that request ({@link StackModel.of}): SES identities, MAIL FROM settings, configuration
 * sets, DNS records indexed by name, each with the anchors (identities, ...) that tie it to an identity while
 * values are unknown. Built whole when it is made, it keeps nothing of @pulumi/policy's resource objects, only
 * what it read and {@link ResourceRef}s; none of it changes once built.
 */
import { PolicyResource } from "@pulumi/policy";
import { ConfigurationSet, readConfigurationSets } from "./configuration-sets";
import { DependencyGraph } from "./dependencies";
import { DnsRecord } from "./dns/dns-record";
import { DNS_PROVIDERS } from "./dns/providers";
import { DnsRecordIndex } from "./dns/record-index";
import { ResourceRef, ResourceRefs, byUrn } from "./resource-ref";
import { ResourcesByType } from "./resources-by-type";
import { SesIdentity, readIdentities } from "./identities";
import { MailFromSetting, readMailFromSettings } from "./mail-from";
import { hasUnknownProperty } from "./values";
import {
    CONFIGURATION_SET_TYPES,
    SESV2_EMAIL_IDENTITY,
    SESV2_MAIL_FROM,
    SES_DOMAIN_DKIM,
    SES_DOMAIN_IDENTITY,
    SES_EMAIL_IDENTITY,
    SES_MAIL_FROM,
} from "../../state/resource-types";

/** The SES identity types. */
const IDENTITY_TYPES: ReadonlySet<string> = new Set([SESV2_EMAIL_IDENTITY, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY]);

/** The types the identity reader looks at: the identities and the v1 DomainDkim resources that attach to them. */
const IDENTITY_READ_TYPES: readonly string[] = [...IDENTITY_TYPES, SES_DOMAIN_DKIM];

/** The MAIL FROM setting types. */
const MAIL_FROM_TYPES: readonly string[] = [SESV2_MAIL_FROM, SES_MAIL_FROM];

/**
 * Resource types a DNS record's value may come from and that tie it to an identity: the identities, DomainDkim and
 * MAIL FROM settings, exactly what the identity and MAIL FROM readers read (each resource they read gets its ref).
 */
const ANCHOR_TYPES: readonly string[] = [...IDENTITY_READ_TYPES, ...MAIL_FROM_TYPES];

/**
 * Every type the readers below look at (identities, DomainDkim, MAIL FROM, configuration sets, DNS records and
 * zones); each reader is handed only its own.
 */
const READ_TYPES: ReadonlySet<string> = new Set([
    ...ANCHOR_TYPES,
    ...CONFIGURATION_SET_TYPES,
    ...DNS_PROVIDERS.flatMap((p) => [...p.recordTypes, ...p.zoneTypes]),
]);

/** What the engine's environment says about dry run: true, false, or undefined when it says nothing. */
function dryRunFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
    const value = env.PULUMI_NODEJS_DRY_RUN ?? env.PULUMI_DRY_RUN;
    return value === "true" ? true : value === "false" ? false : undefined;
}

/**
 * An object that belongs to the AnalyzeStack request `resources` came from and to no other, or undefined.
 *
 * @pulumi/policy (1.21, `makeAnalyzeStackRpcFun` in server.js) deserializes the request anew for each stack
 * policy, so the resources, their props and the `resources` array differ between the policies of one request.
 * But each resource's `opts.ignoreChanges` is `getIgnorechangesList()` of the decoded request message: the
 * array google-protobuf keeps in that message, the same for every policy of the request, and a new one for
 * every request the server decodes. It is used only when two resources have arrays of their own (so it is
 * not some shared constant); otherwise (resources built by hand, another @pulumi/policy) there is no key and
 * each policy builds its own model, which is slower and just as right.
 */
function requestKey(resources: readonly PolicyResource[]): { first: object; last: object } | undefined {
    if (resources.length < 2) return undefined;
    const first: unknown = resources[0]?.opts?.ignoreChanges;
    const last: unknown = resources[resources.length - 1]?.opts?.ignoreChanges;
    if (!Array.isArray(first) || !Array.isArray(last) || first === last) return undefined;
    return { first, last };
}

/** The model of each request being analyzed, by {@link requestKey}; an entry goes when its request does. */
const requestModels = new WeakMap<object, { last: object; length: number; model: StackModel }>();

/** The SES-relevant view of one stack. */
export class StackModel {
    /**
     * The SES identities, v1 and v2, in URN order: the engine sends a stack's resources in no particular order,
     * and what a policy reports first (the violation that carries the full guidance, the ones kept when an answer
     * is shortened) must not depend on it.
     */
    readonly identities: SesIdentity[];
    /** The custom MAIL FROM settings, linked to their identities. */
    readonly mailFromSettings: MailFromSetting[];
    /** The configuration sets. */
    readonly configurationSets: ConfigurationSet[];
    /** The DNS records of every supported provider, indexed by name, each with its anchors. */
    readonly dns: DnsRecordIndex;
    /**
     * True when this request is a preview. The engine tells the pack process through `PULUMI_NODEJS_DRY_RUN`
     * (CLI 3.221 and later) or `PULUMI_DRY_RUN` (earlier); without either, a request is a preview when a resource
     * the policies read holds a value not known yet, which only a preview sends (an update's AnalyzeStack has
     * every output).
     */
    readonly preview: boolean;
    private linksCache: Map<ResourceRef, DnsRecord[]> | undefined;
    /** Whether each anchor set records carry holds two identities or more; most records share their set (see DependencyGraph). */
    private readonly severalIdentities = new Map<ReadonlySet<ResourceRef>, boolean>();

    /** A model of `resources` of its own; policies use {@link StackModel.of}. */
    constructor(resources: readonly PolicyResource[]) {
        const all = Array.isArray(resources) ? resources : [];
        const read = new ResourcesByType(all, READ_TYPES);
        const refs = new ResourceRefs();
        this.identities = readIdentities(read.sorted(IDENTITY_READ_TYPES), refs);
        this.mailFromSettings = readMailFromSettings(read.sorted(MAIL_FROM_TYPES), this.identities, refs);
        this.configurationSets = readConfigurationSets(read.sorted(CONFIGURATION_SET_TYPES));
        // The readers made a ref for every anchor (each resource of ANCHOR_TYPES, and each BYODKIM key origin: a
        // record made from the same key resource is tied to the identity) and for nothing else, so the refs made
        // are the anchors.
        const graph = new DependencyGraph<ResourceRef>(all, (r) => refs.made(r));
        this.dns = new DnsRecordIndex(
            (type) => read.of(type),
            (r, properties) => graph.anchorsOfProperties(r, properties),
        );
        this.preview = dryRunFromEnv() ?? read.some((r) => hasUnknownProperty(r.props));
    }

    /**
     * The model of the request `resources` came from, shared by its stack policies: the first to ask builds it,
     * the others reuse what it built. Requests are never mixed: the key is an object of that request's own
     * decoded message (see {@link requestKey}), checked against a second one and the resource count.
     */
    static of(resources: readonly PolicyResource[]): StackModel {
        const list = Array.isArray(resources) ? resources : [];
        const key = requestKey(list);
        if (key === undefined) return new StackModel(list);
        const known = requestModels.get(key.first);
        if (known !== undefined && known.last === key.last && known.length === list.length) return known.model;
        const model = new StackModel(list);
        requestModels.set(key.first, { last: key.last, length: list.length, model });
        return model;
    }

    /**
     * True when a record's name or value depends on two SES identities or more (directly or through their
     * DomainDkim, ...), as a record built from one `pulumi.all` over several identities' outputs does.
     */
    linksSeveralIdentities(record: DnsRecord): boolean {
        const anchors = record.anchors;
        let several = this.severalIdentities.get(anchors);
        if (several === undefined) {
            let identities = 0;
            for (const a of anchors) if (IDENTITY_TYPES.has(a.type)) identities++;
            several = identities > 1;
            this.severalIdentities.set(anchors, several);
        }
        return several;
    }

    /** True when the record's name or value depends on one of `anchors`. */
    linked(record: DnsRecord, anchors: readonly ResourceRef[]): boolean {
        if (anchors.length === 0) return false;
        const reached = record.anchors;
        return anchors.some((a) => reached.has(a));
    }

    /** The records whose name or value depends on any of `anchors`. */
    linkedRecords(anchors: readonly ResourceRef[]): DnsRecord[] {
        if (anchors.length === 0) return [];
        if (this.linksCache === undefined) {
            const cache = new Map<ResourceRef, DnsRecord[]>();
            for (const record of this.dns.records) {
                for (const anchor of record.anchors) {
                    const list = cache.get(anchor);
                    if (list === undefined) cache.set(anchor, [record]);
                    else list.push(record);
                }
            }
            // The index's records come in the request's order; each list is put in URN order (most hold a few).
            for (const list of cache.values()) if (list.length > 1) list.sort(byUrn);
            this.linksCache = cache;
        }
        if (anchors.length === 1) return this.linksCache.get(anchors[0]) ?? [];
        const seen = new Set<DnsRecord>();
        for (const a of anchors) for (const r of this.linksCache.get(a) ?? []) seen.add(r);
        return [...seen];
    }
}
