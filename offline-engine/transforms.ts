/**
 * Transforms as the Pulumi engine applies them (pkg/resource/deploy/source_eval.go, `RegisterResource` and
 * `wrapTransformCallback`): before a registration is processed, the resource's own transforms run, then each
 * ancestor's (parent first, up to the stack), then the stack transforms in the order they were registered; each
 * gets the properties and options the one before returned, and a response without properties or options keeps the
 * previous ones. A transform is a callback into the program's own Callbacks server: `Invoke` with the callback's
 * token and the serialized TransformRequest. Only when the resource declared transforms of its own does the engine
 * take its dependencies from the transformed options' `dependsOn`. Invoke transforms run on every data source call.
 */
import type * as grpcJs from "@grpc/grpc-js";
import type * as callbackPb from "@pulumi/pulumi/proto/callback_pb";
import type * as callbackGrpcPb from "@pulumi/pulumi/proto/callback_grpc_pb";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import { engineProto } from "./proto";

type Props = Record<string, unknown>;
type Options = resourcePb.TransformResourceOptions;
/** One resource transform: a call into the program's callback server. */
export type Transform = (name: string, type: string, custom: boolean, parent: string, props: Props, opts: Options) => Promise<[Props, Options]>;
type InvokeTransform = (token: string, args: Props, opts: resourcePb.TransformInvokeOptions) => Promise<[Props, resourcePb.TransformInvokeOptions]>;

/** The transforms of one program run: the stack's, and each registered resource's own, by URN. */
export class Transforms {
    private readonly clients = new Map<string, callbackGrpcPb.CallbacksClient>();
    private readonly stack: Transform[] = [];
    private readonly invokes: InvokeTransform[] = [];
    private readonly own = new Map<string, Transform[]>();
    private readonly parents = new Map<string, string>();

    /** The client of the program's callback server at `target`, one per address. */
    private client(target: string): callbackGrpcPb.CallbacksClient {
        let client = this.clients.get(target);
        if (client === undefined) {
            const { grpc, callbackRpc } = engineProto();
            client = new callbackRpc.CallbacksClient(target, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
            this.clients.set(target, client);
        }
        return client;
    }

    /** Calls the callback with `request` (serialized) and returns the response bytes. */
    private invoke(cb: callbackPb.Callback, request: Uint8Array): Promise<Uint8Array> {
        const { callback } = engineProto();
        const req = new callback.CallbackInvokeRequest().setToken(cb.getToken()).setRequest(request);
        return new Promise((resolve, reject) =>
            this.client(cb.getTarget()).invoke(req, (err: grpcJs.ServiceError | null, res?: callbackPb.CallbackInvokeResponse) => {
                if (err !== null || res === undefined) reject(new Error(err?.details || err?.message || "no response from the transform callback"));
                else resolve(res.getResponse_asU8());
            }),
        );
    }

    /** A resource transform that calls `cb` (wrapTransformCallback). */
    private wrap(cb: callbackPb.Callback): Transform {
        return async (name, type, custom, parent, props, opts) => {
            const { resource, struct } = engineProto();
            const request = new resource.TransformRequest().setName(name).setType(type).setCustom(custom).setParent(parent);
            request.setProperties(struct.Struct.fromJavaScript(props as Record<string, never>)).setOptions(opts);
            const response = resource.TransformResponse.deserializeBinary(await this.invoke(cb, request.serializeBinary()));
            return [response.hasProperties() ? (response.getProperties()?.toJavaScript() ?? {}) : props, response.getOptions() ?? opts];
        };
    }

    /** An invoke transform that calls `cb` (wrapInvokeTransformCallback). */
    private wrapInvoke(cb: callbackPb.Callback): InvokeTransform {
        return async (token, args, opts) => {
            const { resource, struct } = engineProto();
            const request = new resource.TransformInvokeRequest()
                .setToken(token)
                .setArgs(struct.Struct.fromJavaScript(args as Record<string, never>))
                .setOptions(opts);
            const response = resource.TransformInvokeResponse.deserializeBinary(await this.invoke(cb, request.serializeBinary()));
            return [response.hasArgs() ? (response.getArgs()?.toJavaScript() ?? {}) : args, response.getOptions() ?? opts];
        };
    }

    /** `RegisterStackTransform`: a transform for every resource registered from now on. */
    addStackTransform(cb: callbackPb.Callback): void {
        this.stack.push(this.wrap(cb));
    }

    /** `RegisterStackInvokeTransform`: a transform for every data source call from now on. */
    addInvokeTransform(cb: callbackPb.Callback): void {
        this.invokes.push(this.wrapInvoke(cb));
    }

    /**
     * Runs the transforms that apply to `req` and returns the properties to register, with the resource's own
     * transforms (for {@link remember}). The request's provider, version, import id and (when it has transforms of
     * its own) dependencies are updated in place from the transformed options.
     */
    async apply(req: resourcePb.RegisterResourceRequest): Promise<{ props: Props; own: Transform[] }> {
        const props: Props = req.getObject()?.toJavaScript() ?? {};
        const own = req.getTransformsList().map((cb) => this.wrap(cb));
        const transforms = [...own];
        for (let parent = req.getParent(); parent !== ""; parent = this.parents.get(parent) ?? "") transforms.push(...(this.own.get(parent) ?? []));
        transforms.push(...this.stack);
        if (transforms.length === 0) return { props, own };
        const { resource } = engineProto();
        let opts = new resource.TransformResourceOptions()
            .setDependsOnList(req.getDependenciesList())
            .setIgnoreChangesList(req.getIgnorechangesList())
            .setReplaceOnChangesList(req.getReplaceonchangesList())
            .setVersion(req.getVersion())
            .setProvider(req.getProvider())
            .setPluginDownloadUrl(req.getPlugindownloadurl())
            .setDeletedWith(req.getDeletedwith())
            .setAdditionalSecretOutputsList(req.getAdditionalsecretoutputsList())
            .setImport(req.getImportid());
        if (req.hasProtect()) opts.setProtect(req.getProtect() ?? false);
        if (req.hasRetainondelete()) opts.setRetainOnDelete(req.getRetainondelete() ?? false);
        if (req.hasCustomtimeouts()) opts.setCustomTimeouts(req.getCustomtimeouts());
        req.getProvidersMap().forEach((v, k) => opts.getProvidersMap().set(k, v));
        let current = props;
        for (const transform of transforms) [current, opts] = await transform(req.getName(), req.getType(), req.getCustom(), req.getParent(), current, opts);
        req.setProvider(opts.getProvider()).setVersion(opts.getVersion()).setImportid(opts.getImport());
        // The engine re-reads the dependencies from the transformed options only for a resource with transforms of its own.
        if (own.length > 0) req.setDependenciesList(opts.getDependsOnList());
        return { props: current, own };
    }

    /** Remembers a registered resource's parent and own transforms, for its children (source_eval.go, after registering). */
    remember(urn: string, parent: string, own: readonly Transform[]): void {
        this.parents.set(urn, parent);
        if (own.length > 0) this.own.set(urn, [...own]);
    }

    /** Runs the stack's invoke transforms on a data source call and returns the token and the arguments to answer. */
    async applyToInvoke(token: string, args: Props): Promise<{ token: string; args: Props }> {
        if (this.invokes.length === 0) return { token, args };
        const { resource } = engineProto();
        let opts = new resource.TransformInvokeOptions();
        let current = args;
        for (const transform of this.invokes) [current, opts] = await transform(token, current, opts);
        return { token, args: current };
    }

    /** Closes the clients of the program's callback servers. */
    close(): void {
        for (const client of this.clients.values()) client.close();
        this.clients.clear();
    }
}
