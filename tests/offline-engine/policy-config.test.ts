import * as assert from "node:assert/strict";
import Ajv from "ajv";
import { PolicyConfigError, reconcilePolicyPackConfig, type PolicyConfigInfo } from "../../offline-engine/policy-config";

/** A policy whose schema has a nested list of objects, so violations have a path below the top level. */
function policyWithSchema(name: string): PolicyConfigInfo {
    return {
        name,
        enforcementLevel: "advisory",
        configSchema: {
            properties: {
                rules: { type: "array", items: { type: "object", properties: { domain: { type: "string" } }, required: ["domain"] } },
                limit: { type: "integer", minimum: 1, default: 3 },
            },
        },
    };
}

describe("policy pack config validation (ajv 8)", () => {
    it("names the nested property that violates the schema, dotted", () => {
        assert.throws(
            () => reconcilePolicyPackConfig([policyWithSchema("p")], { p: { rules: [{ domain: 1 }, {}] } }),
            (err: unknown) => {
                assert.ok(err instanceof PolicyConfigError);
                assert.match(err.message, /p: rules\.0\.domain must be string/);
                assert.match(err.message, /p: rules\.1 must have required property 'domain'/);
                return true;
            },
        );
    });

    it("keeps the schema's defaults and accepts valid config", () => {
        const resolved = reconcilePolicyPackConfig([policyWithSchema("p")], { p: { rules: [{ domain: "example.com" }] } });
        assert.deepEqual(resolved.get("p")?.properties, { limit: 3, rules: [{ domain: "example.com" }] });
    });

    it("ignores keywords and formats it does not know, as the engine's validator does", () => {
        const info: PolicyConfigInfo = {
            name: "q",
            enforcementLevel: "mandatory",
            configSchema: { properties: { site: { type: "string", format: "hostname-ish", "x-pulumi-note": "vendor keyword" } } },
        };
        assert.equal(reconcilePolicyPackConfig([info], { q: { site: "anything" } }).get("q")?.properties.site, "anything");
    });

    it("compiles one validator per schema, however often the config is reconciled", () => {
        const compile = Ajv.prototype.compile;
        let compiled = 0;
        Ajv.prototype.compile = function (this: Ajv, ...args: Parameters<Ajv["compile"]>) {
            compiled++;
            return compile.apply(this, args);
        } as Ajv["compile"];
        try {
            // Two schemas no other test uses, so neither is compiled before this test runs.
            const policies: PolicyConfigInfo[] = [
                { name: "a", enforcementLevel: "advisory", configSchema: { properties: { onlyInCompileTestA: { type: "string" } } } },
                { name: "b", enforcementLevel: "advisory", configSchema: { properties: { onlyInCompileTestB: { type: "boolean" } } } },
            ];
            for (let i = 0; i < 5; i++) reconcilePolicyPackConfig(policies, { b: { onlyInCompileTestB: i % 2 === 0 } });
        } finally {
            Ajv.prototype.compile = compile;
        }
        assert.equal(compiled, 2);
    });
});
