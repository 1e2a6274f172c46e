/** The lead mailboxes the consent page offers out of the box (more come from the control API). */
export const demoMailboxes: readonly { readonly email: string; readonly name: string }[] = [
  { email: 'leads@sunsethonda.example', name: 'Sunset Honda Leads' },
  { email: 'internet.sales@harborkia.example', name: 'Harbor Kia Internet Sales' },
];
