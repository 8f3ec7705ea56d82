package com.calendlysync.reports;

import java.util.List;

/** A report as rows and columns: what its CSV and its spreadsheet hold. */
public record ReportTable(String title, List<String> columns, List<List<Object>> rows) {
}
