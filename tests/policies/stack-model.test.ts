import * as assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { analyzeStackRequest } from "../../offline-engine/analyzer-client";
import { StackModel } from "../../policies/stack/stack-model";
import { plain } from "../../policies/stack/values";
import { analyzeThroughPolicyHandler } from "../../testing/policy-handler";
import type { CapturedResource } from "../../state/captured-resource";

const STACK: CapturedResource[] = [
    {
        urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
        type: "pulumi:pulumi:Stack",
        name: "p-dev",
        custom: false,
        inputs: {},
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
    },
    {
        urn: "urn:pulumi:dev::p::aws:sesv2/emailIdentity:EmailIdentity::identity",
        type: "aws:sesv2/emailIdentity:EmailIdentity",
        name: "identity",
        custom: true,
        inputs: { emailIdentity: "example.com" },
        outputs: { emailIdentity: "example.com" },
        dependencies: [],
        propertyDependencies: {},
    },
];

/**
 * Runs one AnalyzeStack request through @pulumi/policy 1.21's own handler (`makeAnalyzeStackRpcFun`), decoded
 * from the bytes the engine sends as its gRPC server decodes them, with `policies`.
 */
function analyze(policies: StackValidationPolicy[]): Promise<void> {
    return analyzeThroughPolicyHandler(analyzeStackRequest(STACK).serializeBinary(), policies);
}

/** A stack policy that keeps the resources and the model it was given. */
function observer(name: string, seen: { resources: readonly PolicyResource[]; model: StackModel }[]): StackValidationPolicy {
    return {
        name,
        description: "keeps what it sees",
        enforcementLevel: "advisory",
        validateStack: (args) => void seen.push({ resources: args.resources, model: StackModel.of(args.resources) }),
    };
}

describe("policies: stack/stack-model, one model per AnalyzeStack request", () => {
    it("hands every stack policy of one request the same model, built once, though @pulumi/policy gives each its own resources", async () => {
        const seen: { resources: readonly PolicyResource[]; model: StackModel }[] = [];
        await analyze([observer("a", seen), observer("b", seen), observer("c", seen)]);
        assert.equal(seen.length, 3);
        // The upstream behaviour the key relies on: new resource objects per policy, the message's own option lists.
        assert.notEqual(seen[0].resources[1], seen[1].resources[1]);
        assert.equal(seen[0].resources[1].opts.ignoreChanges, seen[1].resources[1].opts.ignoreChanges);
        assert.equal(seen[1].model, seen[0].model);
        assert.equal(seen[2].model, seen[0].model);
        assert.equal(seen[0].model.identities.length, 1);
    });

    it("builds a new model for the next request, even one with the same bytes", async () => {
        const seen: { resources: readonly PolicyResource[]; model: StackModel }[] = [];
        await analyze([observer("a", seen)]);
        await analyze([observer("a", seen)]);
        assert.notEqual(seen[1].resources[1].opts.ignoreChanges, seen[0].resources[1].opts.ignoreChanges);
        assert.notEqual(seen[1].model, seen[0].model);
    });

    it("builds a model per call for resources that carry no request of their own", () => {
        const shared: string[] = [];
        const resources = STACK.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            props: r.outputs,
            opts: { ignoreChanges: shared },
        })) as unknown as PolicyResource[];
        assert.notEqual(StackModel.of(resources), StackModel.of(resources), "one array shared by every resource is no request's own");
        assert.notEqual(StackModel.of([]), StackModel.of([]));
    });

    it("keeps nothing of the resource objects it was built from, so the first policy's copy of the stack can be collected", async () => {
        // @pulumi/policy builds each stack policy a copy of the whole stack; the model outlives the policy that built it.
        const stack: CapturedResource[] = [
            ...STACK,
            {
                urn: "urn:pulumi:dev::p::aws:route53/record:Record::dkim",
                type: "aws:route53/record:Record",
                name: "dkim",
                custom: true,
                inputs: {},
                outputs: { name: "t0._domainkey.example.com", type: "CNAME", records: ["t0.dkim.amazonses.com"], zoneId: "Z1" },
                dependencies: [STACK[1].urn],
                propertyDependencies: { name: [STACK[1].urn], records: [STACK[1].urn] },
            },
        ];
        let model: StackModel | undefined;
        const built: WeakRef<object>[] = [];
        const builder: StackValidationPolicy = {
            name: "builder",
            description: "builds the model and watches what it was built from",
            enforcementLevel: "advisory",
            validateStack: (args) => {
                model = StackModel.of(args.resources);
                for (const r of args.resources) built.push(new WeakRef(r), new WeakRef(plain(r.props) as object));
            },
        };
        await analyzeThroughPolicyHandler(analyzeStackRequest(stack).serializeBinary(), [builder]);
        // A WeakRef's target is held until the job that made it ends; then a full collection may take it.
        await new Promise((resolve) => setImmediate(resolve));
        setFlagsFromString("--expose-gc");
        (runInNewContext("gc") as () => void)();
        assert.equal(built.filter((w) => w.deref() !== undefined).length, 0, "no resource or props object outlives its policy");
        // The model still answers, from what it read.
        assert.equal(model?.identities[0].resource.urn, STACK[1].urn);
        const record = model?.dns.records[0];
        assert.ok(record !== undefined && [...record.anchors].some((a) => a === model?.identities[0].resource));
    });

    it("keeps two objects per DNS record and six per identity, so the later policies' collections trace little", async () => {
        // The model lives through every later stack policy's deserialization of the whole stack, and each full
        // collection then marks all it keeps. Per record: its object and its value list. Per identity: its object,
        // its ref, its DKIM setup, the token list, the anchor set its records share and its linked-records list.
        // Regions, type strings, the empty DomainDkim lists, each configuration set's URN list and one-record name
        // lists are shared or not made (ccfab3e kept 4 per record and 9 per identity here).
        const identities = 200;
        const stack = budgetStack(identities);
        let model: StackModel | undefined;
        await analyzeThroughPolicyHandler(analyzeStackRequest(stack).serializeBinary(), [
            {
                name: "builder",
                description: "builds the model",
                enforcementLevel: "advisory",
                validateStack: (args) => void (model = StackModel.of(args.resources)),
            },
        ]);
        assert.ok(model !== undefined);
        // Every policy's lookups have run, so the lazily built parts are in.
        for (const identity of model.identities) model.linkedRecords([identity.resource]);
        assert.equal(model.identities.length, identities);
        assert.equal(model.dns.records.length, 3 * identities);
        const kept = objectsReachable(model);
        // The configuration sets and the model's own maps, sets and lists: a few dozen, whatever the stack's size.
        const fixed = 2 * model.configurationSets.length + 40;
        const budget = 2 * model.dns.records.length + 6 * model.identities.length + fixed;
        assert.ok(kept <= budget, `the model keeps ${kept} objects, over the budget of ${budget}`);
    });
});

/** The provider every resource of {@link budgetStack} is managed by: explicit, with its region. */
const PROVIDER = { urn: "urn:pulumi:dev::p::pulumi:providers:aws::east", type: "pulumi:providers:aws", name: "east", properties: { region: "us-east-1" } };

/**
 * A stack of `n` Easy DKIM domain identities, each naming one of ten configuration sets and with its three DKIM
 * CNAMEs in one Route 53 zone, all with an explicit provider in one region: the dense shape the benchmark uses.
 */
function budgetStack(n: number): CapturedResource[] {
    const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;
    const stack: CapturedResource[] = [STACK[0]];
    const sets = Array.from({ length: 10 }, (_, i) => urn("aws:sesv2/configurationSet:ConfigurationSet", `set${i}`));
    for (const [i, set] of sets.entries()) {
        const outputs = { configurationSetName: `set${i}`, deliveryOptions: { tlsPolicy: "REQUIRE" } };
        stack.push({
            urn: set,
            type: "aws:sesv2/configurationSet:ConfigurationSet",
            name: `set${i}`,
            custom: true,
            provider: PROVIDER,
            inputs: outputs,
            outputs,
            dependencies: [],
            propertyDependencies: {},
        });
    }
    for (let i = 0; i < n; i++) {
        const domain = `d${i}.example.com`;
        const tokens = [0, 1, 2].map((t) => `tok${t}x${i}`);
        const identity = urn("aws:sesv2/emailIdentity:EmailIdentity", `id${i}`);
        const set = sets[i % sets.length];
        stack.push({
            urn: identity,
            type: "aws:sesv2/emailIdentity:EmailIdentity",
            name: `id${i}`,
            custom: true,
            provider: PROVIDER,
            inputs: { emailIdentity: domain, configurationSetName: `set${i % sets.length}` },
            outputs: { emailIdentity: domain, configurationSetName: `set${i % sets.length}`, dkimSigningAttributes: { tokens } },
            dependencies: [set],
            propertyDependencies: { configurationSetName: [set] },
        });
        for (const token of tokens) {
            const outputs = { name: `${token}._domainkey.${domain}`, type: "CNAME", records: [`${token}.dkim.amazonses.com`], zoneId: "Z1" };
            stack.push({
                urn: urn("aws:route53/record:Record", `${token}-cname`),
                type: "aws:route53/record:Record",
                name: `${token}-cname`,
                custom: true,
                provider: PROVIDER,
                inputs: outputs,
                outputs,
                dependencies: [identity],
                propertyDependencies: { name: [identity], records: [identity] },
            });
        }
    }
    return stack;
}

/** The objects (arrays, maps, sets and plain objects; not strings) reachable from `root` through properties and entries. */
function objectsReachable(root: object): number {
    const seen = new Set<object>();
    const pending: unknown[] = [root];
    while (pending.length > 0) {
        const value = pending.pop();
        if (typeof value !== "object" || value === null || seen.has(value)) continue;
        seen.add(value);
        if (value instanceof Map) for (const [k, v] of value) pending.push(k, v);
        else if (value instanceof Set) for (const v of value) pending.push(v);
        else pending.push(...Object.values(value));
    }
    return seen.size;
}
