package dev.warden.it.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small pet clinic: owners and their pets in a JPA database, behind a REST controller on Tomcat. */
@SpringBootApplication
public class PetClinicApp {

    public static void main(String[] args) {
        SpringApplication.run(PetClinicApp.class, args);
    }
}
