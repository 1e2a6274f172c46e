/** The people of the demo dealership, as the identity provider knows them. */
export interface DemoUser {
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly emailVerified: boolean;
}

export const demoUsers: readonly DemoUser[] = [
  { sub: 'sim-1001', email: 'alex.admin@sunsethonda.example', name: 'Alex Admin', emailVerified: true },
  { sub: 'sim-1002', email: 'morgan.manager@sunsethonda.example', name: 'Morgan Manager', emailVerified: true },
  { sub: 'sim-1003', email: 'riley.rep@sunsethonda.example', name: 'Riley Rep', emailVerified: true },
  { sub: 'sim-1004', email: 'casey.rep@sunsethonda.example', name: 'Casey Rep', emailVerified: true },
  { sub: 'sim-1999', email: 'unverified@sunsethonda.example', name: 'Unverified Person', emailVerified: false },
];
