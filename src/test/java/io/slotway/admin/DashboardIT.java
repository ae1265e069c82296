package io.slotway.admin;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by chromedriver (both installed by
 * {@code .ci/run}). Traffic through Slotway must show up on the page without reloading it.
 */
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static LocalRedis redis;
    private static TestSlotway slotway;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("chromium (apt-get install chromium chromium-driver)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").exists();
        redis = LocalRedis.start();
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), "admin: 127.0.0.1:0"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900");
        // A driver given by path: Selenium Manager never tries to download one.
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (slotway != null) {
            slotway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static void traffic(int sets) {
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
            for (int i = 0; i < sets; i++) {
                jedis.set("dashboard:" + i, "v" + i);
            }
        }
    }

    private static long number(String text) {
        String digits = text.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static long setCalls() {
        return browser.findElements(By.cssSelector("#commands-table tr[data-command='set'] .calls")).stream()
                .findFirst().map(WebElement::getText).map(DashboardIT::number).orElse(-1L);
    }

    @Test
    void dashboardShowsLiveCountsAndTheTopology() throws Exception {
        traffic(40);
        browser.get("http://127.0.0.1:" + slotway.server().adminPort() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(page -> setCalls() >= 40);
        assertThat(number(browser.findElement(By.id("total-commands")).getText())).isGreaterThanOrEqualTo(40);

        // Live: more traffic shows up without reloading the page.
        traffic(25);
        wait.until(page -> setCalls() >= 65);

        String node = "127.0.0.1:" + redis.port();
        WebElement primary = wait.until(page -> page.findElements(
                By.cssSelector("#topology .node[data-node='" + node + "']")).stream().findFirst().orElse(null));
        assertThat(primary.getAttribute("data-up")).isEqualTo("true");
        assertThat(browser.findElement(By.id("client-connections")).getText()).isNotBlank();

        // A few seconds of mixed traffic, so the screenshot kept for the docs shows moving charts.
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
            for (int burst = 1; burst <= 5; burst++) {
                for (int i = 0; i < burst * 40; i++) {
                    jedis.get("dashboard:" + i);
                    jedis.incr("dashboard:counter");
                }
                Thread.sleep(600);
            }
        }
        Thread.sleep(1_200);
        File screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path kept = Path.of("target", "dashboard.png");
        Files.createDirectories(kept.getParent());
        Files.copy(screenshot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
    }
}
