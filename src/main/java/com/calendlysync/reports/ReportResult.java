package com.calendlysync.reports;

import java.util.Map;

/** A report's answer: the JSON document and the same numbers as one table (CSV, Excel). */
public record ReportResult(Map<String, Object> body, ReportTable table) {
}
