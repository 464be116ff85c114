package io.modelhost.audit;

import java.util.List;

/**
 * One page of audit entries.
 *
 * @param entries the entries on this page, newest first
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many entries match in all
 */
public record AuditPage(List<AuditEntry> entries, int page, int size, long total) {

	public AuditPage {
		entries = List.copyOf(entries);
	}

}
