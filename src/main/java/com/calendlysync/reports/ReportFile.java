package com.calendlysync.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A report as a file. CSV: the table, with a header row. Excel: the table on the first sheet and,
 * on a second sheet "Filters", the report's name, range, time zone and every filter it was made
 * with. Text starting with = + - @ is written as text, never as a formula.
 */
final class ReportFile {

    private ReportFile() {
    }

    static byte[] csv(ReportTable table) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(table.columns().toArray(String[]::new)).get());
        for (List<Object> row : table.rows()) {
            csv.printRecord(row.stream().map(ReportFile::safe).toList());
        }
        csv.flush();
        return out.toByteArray();
    }

    static byte[] xlsx(ReportTable table, String report, Map<String, Object> parameters) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "calendly-sync", "1.0");
        Worksheet sheet = workbook.newWorksheet(table.title());
        for (int c = 0; c < table.columns().size(); c++) {
            sheet.value(0, c, table.columns().get(c));
            sheet.style(0, c).bold().set();
        }
        int r = 1;
        for (List<Object> row : table.rows()) {
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                if (v instanceof BigDecimal d) {
                    sheet.value(r, c, d);
                } else if (v instanceof Number n) {
                    sheet.value(r, c, n);
                } else if (v instanceof Boolean b) {
                    sheet.value(r, c, b);
                } else if (v != null) {
                    sheet.value(r, c, String.valueOf(safe(v)));
                }
            }
            r++;
        }
        Worksheet filters = workbook.newWorksheet("Filters");
        filters.value(0, 0, "parameter");
        filters.value(0, 1, "value");
        filters.value(1, 0, "report");
        filters.value(1, 1, report);
        int f = 2;
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            filters.value(f, 0, e.getKey());
            if (e.getValue() != null) {
                filters.value(f, 1, String.valueOf(safe(e.getValue())));
            }
            f++;
        }
        workbook.finish();
        return out.toByteArray();
    }

    private static Object safe(Object value) {
        if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return value;
    }
}
