/* SPDX-License-Identifier: MIT */
/*
 * ept_remote: does a change of EPT rights made on one CPU reach another
 * CPU that cached the old ones? (command line word "ept_remote"; needs two
 * CPUs and hv's test interface.)
 */
#ifndef TG_EPT_REMOTE_H
#define TG_EPT_REMOTE_H

/*
 * Start the other CPUs on a real-mode loop that keeps incrementing a word at
 * EPT_REMOTE_PAGE, then take write rights from that page (HC_EPT_WATCH with
 * read only) on this CPU. hv must make the other CPU forget the writable
 * translation it cached: its next increment is then an EPT violation, which
 * hv records (HC_EPT_LAST) before giving the rights back. Prints
 * "PASS ept_flush_remote ..." when that violation came within the wait, else
 * "FAIL ept_flush_remote ..." (the other CPU kept writing through the old
 * translation) or "SKIP ...".
 */
void ept_remote_check(void);

#endif
