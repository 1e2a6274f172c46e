// Child process for the crash-safety test: writes continuously through the real store (real
// keychain, real encrypted file) and prints one "ack <id>" line per committed transaction.
// The parent SIGKILLs it at random moments and checks every acknowledged commit survived.
import { createOsKeychain } from '../../secrets/index';
import { createLogger } from '../../log/logger';
import { openLocalStore } from '../local-store';
import { approvalHashOf } from '../writes/drafts';
import { seededRandom, syntheticLead } from '../seed';

const dataDir = process.env.LP_DATA_DIR ?? '';
const service = process.env.LP_KEYCHAIN_SERVICE ?? '';
const run = Number(process.env.LP_RUN ?? '0');
const ack = (line: string) => process.stdout.write(line + '\n');

const local = await openLocalStore({
  dataDir,
  keychain: createOsKeychain(),
  keychainService: service,
  log: createLogger(() => undefined),
});
const store = local.store;
const account =
  store.mailboxes.list()[0] ?? store.mailboxes.add({ provider: 'simulator', address: 'crash@dealer.example.com' }, 'test');
ack('ready');
const random = seededRandom(run + 1);
for (let i = 0; ; i++) {
  const batch = `r${run}-${i}`;
  // One transaction, nine inserts plus FTS triggers: all or nothing.
  const items = [0, 1, 2].map((k) => {
    const s = syntheticLead(random, i * 3 + k, Date.now());
    return { ...s, message: { ...s.message, providerMessageId: `${batch}-${k}` } };
  });
  const leads = store.leads.ingestMany(account.id, items);
  ack(`batch ${batch}`);
  if (i % 4 === 0) {
    const first = leads[0];
    if (!first) continue;
    const draft = store.drafts.add({ leadId: first.leadId, origin: 'template', subject: `Re: ${batch}`, body: `Hello ${batch}`, createdBy: 'test' });
    store.drafts.approve(draft.id, approvalHashOf(`Re: ${batch}`, `Hello ${batch}`), 'test');
    const outboxId = store.outbox.enqueue({ draftId: draft.id, toAddress: `c${batch}@example.com`, internetMessageId: `<${batch}@lp.example.com>` }, 'test');
    ack(`reply ${outboxId}`);
  }
}
