package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.usage.AuditReport.CountryVolume;
import io.leakresponder.usage.UsageAuditService.DaySpend;
import io.leakresponder.usage.UsagePeriod;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The SVG bar chart renderer: scales, empty data, escaping, and the usage charts built on it. */
class ChartsTest {

    static Charts.Bar bar(String series, String value) {
        return new Charts.Bar(series, new BigDecimal(value), series + " " + value);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    static List<Element> all(Document d, String tag) {
        NodeList nodes = d.getElementsByTagNameNS("*", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    @Test
    void scalesRoundUpToNiceSteps() {
        assertThat(Charts.scale(new BigDecimal("20"), 4, false)).isEqualTo(new Charts.Scale(new BigDecimal("20"),
                new BigDecimal("5")));
        Charts.Scale money = Charts.scale(new BigDecimal("21.37"), 4, false);
        assertThat(money.step()).isEqualByComparingTo("10");
        assertThat(money.max()).isEqualByComparingTo("30");
        Charts.Scale small = Charts.scale(new BigDecimal("0.0379"), 4, false);
        assertThat(small.step()).isEqualByComparingTo("0.01");
        assertThat(small.max()).isEqualByComparingTo("0.04");
        Charts.Scale quarter = Charts.scale(new BigDecimal("9"), 4, false);
        assertThat(quarter.step()).isEqualByComparingTo("2.5");
        assertThat(quarter.ticks()).isEqualTo(4);
        // Counts never get fractional steps.
        assertThat(Charts.scale(new BigDecimal("3"), 4, true).step()).isEqualByComparingTo("1");
        assertThat(Charts.scale(new BigDecimal("9"), 4, true).step()).isEqualByComparingTo("5");
        assertThat(Charts.scale(new BigDecimal("60"), 4, true).max()).isEqualByComparingTo("60");
        // Nothing to scale: 0..1.
        assertThat(Charts.scale(BigDecimal.ZERO, 4, false).max()).isEqualByComparingTo("1");
        assertThat(Charts.scale(null, 4, true).step()).isEqualByComparingTo("1");
        // The scale always covers the maximum.
        for (String v : new String[]{"0.001", "1", "7.77", "99.99", "100", "123456.7"}) {
            assertThat(Charts.scale(new BigDecimal(v), 4, false).max()).isGreaterThanOrEqualTo(new BigDecimal(v));
        }
    }

    @Test
    void barHeightsAreProportionalToTheScale() throws Exception {
        String svg = Charts.render(new Charts.Spec("c", "A chart", "USD", false, List.of(
                new Charts.Group("a", List.of(bar("window", "20"))),
                new Charts.Group("b", List.of(bar("baseline", "10"))),
                new Charts.Group("c", List.of(bar("baseline", "0"))))));
        Document d = parse(svg);
        List<Element> rects = all(d, "rect");
        assertThat(rects).hasSize(3);
        double plot = Charts.HEIGHT - Charts.TOP - Charts.BOTTOM;
        assertThat(Double.parseDouble(rects.get(0).getAttribute("height"))).isCloseTo(plot,
                org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(rects.get(1).getAttribute("height"))).isCloseTo(plot / 2,
                org.assertj.core.data.Offset.offset(0.1));
        assertThat(rects.get(2).getAttribute("height")).isEqualTo("0");
        assertThat(rects.get(0).getAttribute("class")).isEqualTo("bar window");
        assertThat(rects.get(1).getAttribute("class")).isEqualTo("bar baseline");
        // bars stand on the axis
        for (Element r : rects) {
            assertThat(Double.parseDouble(r.getAttribute("y")) + Double.parseDouble(r.getAttribute("height")))
                    .isCloseTo(Charts.TOP + plot, org.assertj.core.data.Offset.offset(0.11));
        }
        List<String> texts = all(d, "text").stream().map(Element::getTextContent).toList();
        assertThat(texts).contains("0", "5", "10", "15", "20", "USD", "a", "b", "c");
        assertThat(all(d, "title").get(0).getTextContent()).isEqualTo("A chart");
        assertThat(svg).doesNotContain("style=").doesNotContain("<script");
        assertThat(d.getDocumentElement().getAttribute("id")).isEqualTo("c");
        assertThat(d.getDocumentElement().getAttribute("role")).isEqualTo("img");
    }

    @Test
    void groupedBarsSitSideBySideWithinTheirGroup() throws Exception {
        Document d = parse(Charts.render(new Charts.Spec("g", "Grouped", "messages", true, List.of(
                new Charts.Group("NG", List.of(bar("window", "60"), bar("baseline", "0"))),
                new Charts.Group("US", List.of(bar("window", "5"), bar("baseline", "20")))))));
        List<Element> rects = all(d, "rect");
        assertThat(rects).extracting(r -> r.getAttribute("class"))
                .containsExactly("bar window", "bar baseline", "bar window", "bar baseline");
        double x0 = Double.parseDouble(rects.get(0).getAttribute("x"));
        double x1 = Double.parseDouble(rects.get(1).getAttribute("x"));
        double x2 = Double.parseDouble(rects.get(2).getAttribute("x"));
        assertThat(x0).isLessThan(x1);
        assertThat(x1).isLessThan(x2);
        assertThat(all(d, "title")).extracting(Element::getTextContent).contains("window 60", "baseline 20");
    }

    @Test
    void emptyDataDrawsAnAxisAndSaysSo() throws Exception {
        String svg = Charts.render(new Charts.Spec("e", "Nothing", "USD", false, List.of()));
        Document d = parse(svg);
        assertThat(all(d, "rect")).isEmpty();
        assertThat(svg).contains("No data to chart yet").contains("id=\"e\"");
        // All zero: bars of height 0 on a 0..1 scale, no division by zero.
        Document zeros = parse(Charts.render(new Charts.Spec("z", "Zeros", "", false, List.of(
                new Charts.Group("a", List.of(bar("window", "0")))))));
        assertThat(all(zeros, "rect")).singleElement().satisfies(r -> assertThat(r.getAttribute("height"))
                .isEqualTo("0"));
    }

    @Test
    void labelsTitlesAndIdsAreEscaped() throws Exception {
        String evil = "<script>alert(1)</script>&\"'";
        String svg = Charts.render(new Charts.Spec("x\"><script>", evil, evil, false, List.of(
                new Charts.Group(evil, List.of(new Charts.Bar("window\" onclick=\"x", BigDecimal.ONE, evil))))));
        assertThat(svg).doesNotContain("<script").doesNotContain("\" onclick=\"");
        Document d = parse(svg); // well-formed XML
        assertThat(all(d, "title").get(0).getTextContent()).isEqualTo(evil);
        assertThat(all(d, "text").stream().map(Element::getTextContent)).contains(evil);
        assertThat(Charts.escape("a\u0000b")).isEqualTo("ab");
    }

    @Test
    void manyGroupsKeepEveryBarButThinTheLabels() throws Exception {
        List<Charts.Group> groups = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            groups.add(new Charts.Group("d" + i, List.of(bar("window", Integer.toString(i)))));
        }
        Document d = parse(Charts.render(new Charts.Spec("m", "Many", "", false, groups)));
        assertThat(all(d, "rect")).hasSize(60);
        assertThat(all(d, "text").stream().filter(t -> "label".equals(t.getAttribute("class"))).count())
                .isLessThanOrEqualTo(Charts.MAX_X_LABELS);
    }

    @Test
    void dailySpendMarksWindowAndBaselineDaysInTheRecordsCurrency() throws Exception {
        LocalDate day = LocalDate.parse("2026-03-01");
        UsageCharts.ChartView chart = UsageCharts.dailySpend(List.of(
                new DaySpend(day, UsagePeriod.BASELINE, "usd", new BigDecimal("1.00")),
                new DaySpend(day.plusDays(1), UsagePeriod.WINDOW, "usd", new BigDecimal("20.00")),
                new DaySpend(day.plusDays(2), UsagePeriod.WINDOW, null, BigDecimal.ZERO)));
        Document d = parse(chart.svg().getValue());
        assertThat(d.getDocumentElement().getAttribute("id")).isEqualTo("chart-daily-spend");
        assertThat(all(d, "rect")).extracting(r -> r.getAttribute("class"))
                .containsExactly("bar baseline", "bar window", "bar window");
        assertThat(all(d, "text").stream().map(Element::getTextContent)).contains("USD", "03-01", "03-02", "03-03");
        assertThat(all(d, "title")).extracting(Element::getTextContent)
                .contains("2026-03-02 (window): 20.00 USD", "2026-03-01 (baseline): 1.00 USD");
        assertThat(chart.rows()).containsExactly(List.of("2026-03-01", "baseline", "1.00 USD"),
                List.of("2026-03-02", "window", "20.00 USD"), List.of("2026-03-03", "window", "0.00 USD"));
        assertThat(chart.empty()).isFalse();
    }

    @Test
    void countriesShowTheTopOnesAndSumTheRestAsOther() throws Exception {
        List<CountryVolume> volumes = new ArrayList<>();
        volumes.add(new CountryVolume("NG", 60, 0, null, true));
        volumes.add(new CountryVolume("US", 5, 20, null, false));
        for (int i = 0; i < 10; i++) {
            volumes.add(new CountryVolume("C" + i, 1, 1, null, false));
        }
        UsageCharts.ChartView chart = UsageCharts.countries(volumes, "messages");
        Document d = parse(chart.svg().getValue());
        assertThat(d.getDocumentElement().getAttribute("id")).isEqualTo("chart-countries");
        List<String> labels = all(d, "text").stream().filter(t -> "label".equals(t.getAttribute("class")))
                .map(Element::getTextContent).toList();
        assertThat(labels).hasSize(UsageCharts.TOP_COUNTRIES + 1).startsWith("NG", "US").endsWith("Other (4)");
        assertThat(all(d, "rect")).hasSize(2 * (UsageCharts.TOP_COUNTRIES + 1));
        assertThat(chart.rows().get(0)).containsExactly("NG (new in the window)", "60", "0");
        assertThat(chart.rows().get(chart.rows().size() - 1)).containsExactly("Other (4)", "4", "4");
        assertThat(UsageCharts.countries(List.of(), "messages").empty()).isTrue();
    }

    @Test
    void coordinatesUseADotAndOneDecimal() {
        assertThat(Charts.fmt(12.0)).isEqualTo("12");
        assertThat(Charts.fmt(12.34)).isEqualTo("12.3");
        Matcher m = Pattern.compile(" x=\"([^\"]*)\"").matcher(Charts.render(new Charts.Spec("f", "t", "", false,
                List.of(new Charts.Group("a", List.of(bar("window", "1")))))));
        while (m.find()) {
            assertThat(m.group(1)).matches("-?[0-9]+(\\.[0-9])?");
        }
    }
}
