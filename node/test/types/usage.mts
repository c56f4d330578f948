// Type-checks the ES module entry point: named and default imports resolve to the same types.
import botika, { Client, VERSION, webhooks } from 'botika';

const client: Client = new botika.Client({ token: 't' });
const version: string = VERSION;
const parse: typeof webhooks.parse = botika.webhooks.parse;
const download: (id: string) => Promise<Buffer> = (id) => client.media.download(id);
const mimeType = async (id: string): Promise<string | null> => (await client.media.downloadWithInfo(id)).mimeType;
export { client, version, parse, download, mimeType };
