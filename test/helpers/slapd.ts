/** The slapd the LDAP tests run (shared with `npm run bench`, which cannot import from test/). */
export * from '../../main/bench/slapd-server'
